package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A member leaves a room from the room view (SPEC §10, {@code DELETE …/humans/me}): a confirmation
 * first (Cancel keeps them in), then they land on their rooms list without the room and have lost
 * access to it; one removed while watching is told at once. A moderator gets the button too; the
 * owner does not, and Settings says why and what to do instead.
 */
@RunningServer
class LeaveRoomUiTest extends BrowserSession {

    private static String join(String roomId, String owner, String human, String role) {
        UiHarness.Res link = ui.call("POST", "/rooms/" + roomId + "/humans", owner, Map.of("role", role));
        assertEquals(201, link.status(), link::toString);
        UiHarness.Res accepted = ui.call("POST", "/humans/accept", human, Map.of("token", link.text("token")));
        assertEquals(200, accepted.status(), accepted::toString);
        return accepted.json().path("role").asText();
    }

    private static boolean isHuman(String roomId, String owner, String name) {
        UiHarness.Res res = ui.call("GET", "/rooms/" + roomId + "/humans", owner, null);
        assertEquals(200, res.status(), res::toString);
        for (JsonNode u : res.json().path("humans")) {
            if (u.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void member_leavesAfterConfirming_landsOnTheRoomsList_andLosesAccess() {
        List<String> failures = new ArrayList<>();
        String alice = ui.newHumanToken("Alice");
        String bob = ui.newHumanToken("Bob");
        String roomId = ui.createRoom(alice, Map.of("name", "Leaving room"));
        assertEquals("member", join(roomId, alice, bob, "member"));

        ui.signInWithToken(bob);
        ui.openRoom(roomId);
        WebElement leave = ui.awaitVisible(By.cssSelector("[data-testid=leave-room]"));
        ui.click(leave);
        WebElement dialog = ui.awaitVisible(By.cssSelector("dialog[open]"));
        assertTrue(dialog.getText().contains("Leave Leaving room?"), dialog.getText());
        Axe.check(ui, "leave room confirmation", failures);
        ui.click(ui.button(dialog, "Cancel"));
        ui.await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty() ? true : null);
        assertEquals("#/rooms/" + roomId, ui.hash(), "Cancel keeps the member in the room");
        assertTrue(isHuman(roomId, alice, "Bob"), "Cancel left nothing on the server");

        ui.click(leave);
        ui.click(ui.button(ui.awaitVisible(By.cssSelector("dialog[open]")), "Leave room"));
        ui.await(d -> "#/".equals(ui.hash()) ? true : null);
        ui.await(d -> "Your rooms".equals(ui.textOf("main h1")) ? true : null);
        ui.await(d -> d.findElements(By.cssSelector("ul.rooms [data-room='" + roomId + "']")).isEmpty() ? true : null);
        assertFalse(isHuman(roomId, alice, "Bob"), "the owner's list no longer has Bob");

        // Access is gone: room info, posting, and the room view itself.
        UiHarness.Res info = ui.call("GET", "/rooms/" + roomId, bob, null);
        assertTrue(info.status() == 403 || info.status() == 404, info::toString);
        UiHarness.Res post = ui.sendRes(roomId, bob, "still here?");
        assertTrue(post.status() == 403 || post.status() == 404, post::toString);
        ui.go("#/rooms/" + roomId);
        ui.await(d -> "Room not available".equals(ui.textOf("main h1")) ? true : null);
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    @Test
    void member_removedWhileWatching_isToldAtOnce_andCanNoLongerPost() {
        List<String> failures = new ArrayList<>();
        String alice = ui.newHumanToken("Ada");
        String cy = ui.newHumanToken("Cy");
        String roomId = ui.createRoom(alice, Map.of("name", "Removal room"));
        join(roomId, alice, cy, "member");
        String cyId = ui.call("GET", "/me", cy, null).text("id");
        ui.signInWithToken(cy);
        ui.openRoom(roomId);
        assertTrue(ui.awaitVisible(By.cssSelector("[data-testid=composer]")).isEnabled());

        UiHarness.Res removed = ui.call("DELETE", "/rooms/" + roomId + "/humans/" + cyId, alice, null);
        assertEquals(200, removed.status(), removed::toString);
        WebElement notice = ui.awaitVisible(By.cssSelector("[data-testid=gone-notice]"));
        assertTrue(notice.getText().contains("You are no longer in this room"), notice.getText());
        assertFalse(ui.driver.findElement(By.cssSelector("[data-testid=composer]")).isEnabled(), "the composer is off");
        assertEquals("Not in this room", ui.textOf("[data-testid=live-status]"));
        Axe.check(ui, "room after being removed", failures);
        ui.click(ui.button(notice, "Back to your rooms"));
        ui.await(d -> "Your rooms".equals(ui.textOf("main h1")) ? true : null);
        ui.await(d -> d.findElements(By.cssSelector("ul.rooms [data-room='" + roomId + "']")).isEmpty() ? true : null);
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    @Test
    void owner_isOfferedNoLeaveButton_andSettingsSaysWhy() {
        String alice = ui.newHumanToken("Olive");
        String roomId = ui.createRoom(alice, Map.of("name", "Owned room"));
        ui.signInWithToken(alice);
        ui.openRoom(roomId);
        assertTrue(ui.driver.findElements(By.cssSelector("[data-testid=leave-room]")).isEmpty(), "the owner cannot leave");
        ui.click(ui.button("Settings"));
        String why = ui.awaitVisible(By.cssSelector("[data-testid=owner-stays]")).getText();
        assertTrue(why.contains("You own this room, so you cannot leave it") && why.contains("delete it"), why);
        // The server agrees: the owner's leave is refused and changes nothing.
        UiHarness.Res refused = ui.call("DELETE", "/rooms/" + roomId + "/humans/me", alice, null);
        assertEquals(409, refused.status(), refused::toString);
        assertTrue(isHuman(roomId, alice, "Olive"));

        // A moderator, like a member, may leave.
        String mo = ui.newHumanToken("Mo");
        assertEquals("moderator", join(roomId, alice, mo, "moderator"));
        ui.signOutLocally();
        ui.signInWithToken(mo);
        ui.openRoom(roomId);
        ui.awaitVisible(By.cssSelector("[data-testid=leave-room]"));
    }
}
