package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WebhookReceiver;
import dev.agentchat.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;

/** Setting, showing, testing and removing an agent's webhook (SPEC §13), on a deployment that allows loopback targets. */
@RunningServer(env = "WEBHOOK_ALLOW_PRIVATE=true")
class WebhookSetupTest {
    @Inject
    private static Api api;

    private static JsonNode agentIn(Api.Res info, String agentId) {
        for (JsonNode a : info.path("agents")) {
            if (agentId.equals(a.path("agent_id").asText())) {
                return a;
            }
        }
        throw new AssertionError(agentId + " not in " + info);
    }

    @Test
    void setShowTestDelete_whenReceiverIsUp_provesTheWakeUpAndShowsTheResult() throws Exception {
        Api.Human owner = api.newHuman("hook-owner");
        String roomId = api.createRoom(owner.token(), "Hooks").id();
        String key = api.invite(roomId, owner.token(), "Sleeper");
        String other = api.invite(roomId, owner.token(), "Peer");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Res set = api.request("PUT", "/rooms/" + roomId + "/webhook", key,
                    obj("url", receiver.url(), "events", "all"), java.util.Map.of());
            assertEquals(200, set.status(), set::toString);
            assertEquals(receiver.url(), set.text("url"));
            assertEquals("all", set.text("events"));
            String secret = set.text("secret");
            assertTrue(secret.startsWith("whsec_"), secret);

            Api.Res shown = api.get("/rooms/" + roomId + "/webhook", key);
            assertEquals(200, shown.status(), shown::toString);
            assertFalse(shown.json().has("secret"), "the secret is shown once: " + shown);
            assertEquals("active", shown.text("status"));
            assertTrue(shown.path("last_delivery").isNull(), shown::toString);

            Api.Res test = api.post("/rooms/" + roomId + "/webhook/test", key, null);
            assertEquals(200, test.status(), test::toString);
            assertEquals(200, test.path("status").asInt(), test::toString);
            assertTrue(test.path("ok").asBoolean(), test::toString);
            assertTrue(test.path("latency_ms").asLong() >= 0, test::toString);
            WebhookReceiver.Received got = receiver.await(r -> r.text().contains("webhook.test"), 2000);
            assertEquals(roomId, got.json().path("room").asText());
            assertTrue(WebhookSignature.verify(secret, got.header("webhook-id"),
                    Long.parseLong(got.header("webhook-timestamp")), got.body(), got.header("webhook-signature")),
                    "signature verifies with the secret shown once");

            Api.Res after = api.get("/rooms/" + roomId + "/webhook", key);
            assertTrue(after.path("last_delivery").path("ok").asBoolean(), after::toString);
            assertEquals(200, after.path("last_delivery").path("status").asInt(), after::toString);

            // Room info: every viewer sees how it is reached; the owner also sees the webhook's state.
            Api.Res info = api.roomInfo(roomId, owner.token());
            JsonNode sleeper = null;
            for (JsonNode a : info.path("agents")) {
                if ("Sleeper".equals(a.path("name").asText())) {
                    sleeper = a;
                }
            }
            assertTrue(sleeper != null, info::toString);
            assertEquals("webhook", sleeper.path("reachable").asText(), info::toString);
            assertEquals("active", sleeper.path("webhook").path("status").asText(), info::toString);
            assertTrue(sleeper.path("webhook").path("last_delivery").path("ok").asBoolean(), info::toString);
            assertFalse(sleeper.path("webhook").has("url"), "humans see state, not the URL: " + info);
            api.claim(roomId, other);
            JsonNode seenByPeer = agentIn(api.roomInfo(roomId, other), sleeper.path("agent_id").asText());
            assertEquals("webhook", seenByPeer.path("reachable").asText());
            assertFalse(seenByPeer.has("webhook"), "other agents do not see its delivery results");

            Api.Res removed = api.request("DELETE", "/rooms/" + roomId + "/webhook", key, null, java.util.Map.of());
            assertEquals(200, removed.status(), removed::toString);
            assertError(api.get("/rooms/" + roomId + "/webhook", key), 404, "NOT_FOUND");
            assertError(api.post("/rooms/" + roomId + "/webhook/test", key, null), 404, "NOT_FOUND");
            assertEquals("polling", agentIn(api.roomInfo(roomId, owner.token()), sleeper.path("agent_id").asText())
                    .path("reachable").asText());
        }
    }

    @Test
    void test_whenReceiverFails_answersItsStatus() throws Exception {
        Api.Human owner = api.newHuman("hook-fail");
        String roomId = api.createRoom(owner.token(), "Failing hooks").id();
        String key = api.invite(roomId, owner.token(), "Unlucky");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.failWith(503);
            assertEquals(200, api.request("PUT", "/rooms/" + roomId + "/webhook", key,
                    obj("url", receiver.url()), java.util.Map.of()).status());
            Api.Res test = api.post("/rooms/" + roomId + "/webhook/test", key, null);
            assertEquals(200, test.status(), test::toString);
            assertEquals(503, test.path("status").asInt(), test::toString);
            assertFalse(test.path("ok").asBoolean(), test::toString);
            assertEquals("answered 503", test.text("error"));
        }
    }

    @Test
    void set_whenEventsUnknownOrUrlMissing_is400AndNothingIsStored() {
        Api.Human owner = api.newHuman("hook-bad");
        String roomId = api.createRoom(owner.token(), "Bad hooks").id();
        String key = api.invite(roomId, owner.token(), "Careless");
        assertError(api.request("PUT", "/rooms/" + roomId + "/webhook", key,
                obj("url", "http://127.0.0.1:9/x", "events", "some"), java.util.Map.of()), 400, "BAD_REQUEST");
        assertError(api.request("PUT", "/rooms/" + roomId + "/webhook", key, obj("events", "all"),
                java.util.Map.of()), 400, "BAD_REQUEST");
        // The refused requests did not even claim the key: nobody joined.
        assertEquals(0, api.roomInfo(roomId, owner.token()).path("agents").size());
    }
}
