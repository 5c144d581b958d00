package dev.agentchat.standalone.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.fuzz.FuzzTarget.Fixture;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.ServerUnderTest;
import dev.agentchat.standalone.support.StoredState;
import dev.agentchat.standalone.support.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shrunk inputs the fuzz properties found (issue #7), kept as plain examples. */
@RunningServer(env = {FuzzTarget.ROOMS_FOR_EVERY_TRY, FuzzTarget.NO_SWEEPS})
class FuzzRegressionTest {
    private static FuzzTarget target;

    @BeforeAll
    static void start(ServerUnderTest server) {
        target = new FuzzTarget(server);
    }

    @Test
    void roomIdLongerThanADynamoDbKey_isNotFound_notA500() {
        Fixture fixture = target.fixture(false);
        StoredState.Snapshot before = target.stored();
        Api.Res res = target.api.requestBytes("PATCH", "/rooms/" + "a".repeat(2_100), fixture.ownerToken(), new byte[0]);
        assertEquals(404, res.status(), res::toString);
        FuzzTarget.assertHandled(res, before, target.stored(), "PATCH with a 2100-character room id");
    }

    @Test
    void handshakeWithARoomIdLongerThanADynamoDbKey_isRefusedByTheKey_notA500() {
        Fixture fixture = target.fixture(false);
        StoredState.Snapshot before = target.stored();
        String url = WsClient.url(target.server) + "?room=" + "a".repeat(2_100) + "&key=";
        assertEquals(401, WsClient.refusedHandshakeStatus(url + "ak_"), "an unknown key");
        assertEquals(403, WsClient.refusedHandshakeStatus(url + Api.enc(fixture.memberKey())), "a key of another room");
        assertTrue(before.changesTo(target.stored()).isEmpty(), "a refused handshake stored something");
    }

    @Test
    void memberKeyOnAnAdminRoute_isForbidden_andDoesNotClaimTheKey() {
        Fixture fixture = target.fixture(false);
        StoredState.Snapshot before = target.stored();
        Api.Res res = target.api.requestBytes("POST", "/rooms/" + fixture.roomId() + "/invites", fixture.memberKey(),
                new byte[0]);
        assertEquals(403, res.status(), res::toString);
        assertTrue(before.changesTo(target.stored()).isEmpty(), "the refused member key was claimed");
    }

    // Authenticate and authorise (no writes), then validate input, then record presence and act:
    // a bad body from a never-used key must not claim it, and no credential is a 401 whatever the body.

    @Test
    void createInvite_whenAnUnusedAdminKeySendsABadBody_isBadRequestAndClaimsNothing() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(400, "POST", "/rooms/" + fixture.roomId() + "/invites", fixture.adminKey(),
                "{\"role\":\"owner\"}");
    }

    @Test
    void kickAndRevoke_ofSomethingUnknown_byAnUnusedAdminKey_areNotFoundAndClaimNothing() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(404, "POST", "/rooms/" + fixture.roomId() + "/agents/agent_nobody/kick", fixture.adminKey(),
                "{}");
        refusedAndUnchanged(404, "POST", "/rooms/" + fixture.roomId() + "/agents/agent_nobody/ban", fixture.adminKey(),
                "{}");
        refusedAndUnchanged(404, "DELETE", "/rooms/" + fixture.roomId() + "/invites/key_nobody", fixture.adminKey(),
                "");
    }

    @Test
    void updateRoom_whenAnUnusedAdminKeySendsABadBody_isBadRequestAndClaimsNothing() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(400, "PATCH", "/rooms/" + fixture.roomId(), fixture.adminKey(), "{\"max_members\":\"ten\"}");
    }

    @Test
    void sendMessage_whenAnUnusedMemberKeySendsABadBody_isBadRequestAndClaimsNothing() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(400, "POST", "/rooms/" + fixture.roomId() + "/messages", fixture.memberKey(),
                "{\"content\":5}");
    }

    @Test
    void heartbeat_whenAnUnusedMemberKeySendsABadBody_isBadRequestAndClaimsNothing() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(400, "POST", "/rooms/" + fixture.roomId() + "/heartbeat", fixture.memberKey(),
                "{\"name\":[]}");
    }

    @Test
    void readMessages_whenAnUnusedMemberKeySendsABadQuery_isBadRequestAndClaimsNothing() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(400, "GET", "/rooms/" + fixture.roomId() + "/messages?after_seq=abc", fixture.memberKey(), "");
    }

    @Test
    void sendMessage_withoutACredentialAndWithABadBody_isUnauthorized() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(401, "POST", "/rooms/" + fixture.roomId() + "/messages", null, "{\"content\":5}");
    }

    @Test
    void readMessages_withoutACredentialAndWithABadQuery_isUnauthorized() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(401, "GET", "/rooms/" + fixture.roomId() + "/messages?after_seq=abc", null, "");
    }

    @Test
    void heartbeat_withoutACredentialAndWithABadBody_isUnauthorized() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(401, "POST", "/rooms/" + fixture.roomId() + "/heartbeat", null, "{\"name\":[]}");
    }

    @Test
    void createInvite_withoutACredentialAndWithABadBody_isUnauthorized() {
        Fixture fixture = target.fixture(false);
        refusedAndUnchanged(401, "POST", "/rooms/" + fixture.roomId() + "/invites", null, "{\"role\":\"owner\"}");
    }

    private static void refusedAndUnchanged(int status, String method, String path, String bearer, String body) {
        StoredState.Snapshot before = target.stored();
        Api.Res res = target.api.requestBytes(method, path, bearer, FuzzInputs.utf8(body));
        assertEquals(status, res.status(), res::toString);
        FuzzTarget.assertHandled(res, before, target.stored(), method + " " + path + " " + body);
    }
}
