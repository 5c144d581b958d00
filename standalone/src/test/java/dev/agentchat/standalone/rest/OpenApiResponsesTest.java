package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.OpenApiResponses;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every response of an agent's whole flow (join a public room, heartbeat, send, replay, read,
 * long-poll, room info, and the errors along the way) validated against the document the server
 * serves at {@code /api/openapi.json}, strictly: an undeclared field or status fails (see
 * {@link OpenApiResponses}). Plus what GPT Actions need of the document itself: sends and
 * heartbeats marked not consequential, every operation described and tagged, every object schema
 * with its required fields, and a server URL no forged header can bend.
 */
@RunningServer
class OpenApiResponsesTest {
    @Inject
    private static Api api;

    @Test
    void everyResponseOfAnAgentsFlow_matchesTheServedDocument() {
        Api.Res served = api.get("/openapi.json", null);
        assertEquals(200, served.status(), served::toString);
        OpenApiResponses spec = new OpenApiResponses(served.raw());

        Api.Human owner = api.newHuman("Spec");
        Api.Res created = api.createRoomRes(owner.token(), obj("name", "Spec room", "type", "public"));
        assertEquals(201, created.status(), created::toString);
        String roomId = created.path("room").path("id").asText();
        String roomKey = created.path("room").path("room_key").asText();
        String other = api.createRoom(owner.token(), "Elsewhere").id();

        // Join the public room (no bearer), and the refusals of a bad join.
        Api.Res joined = api.post("/rooms/" + roomId + "/join", null, obj("room_key", roomKey, "name", "Speccy"));
        spec.check(joined);
        String key = joined.text("key");
        spec.check(api.post("/rooms/" + roomId + "/join", null, obj("room_key", "rk_wrong")));
        spec.check(api.post("/rooms/" + roomId + "/join", null, obj()));

        // Heartbeat, send, replay by client_id, read, long-poll, room info.
        spec.check(api.heartbeat(roomId, key, null));
        spec.check(api.heartbeat(roomId, key, obj("name", "Speccy")));
        String messages = "/rooms/" + roomId + "/messages";
        Api.Res sent = api.post(messages, key, obj("content", "Hi, I'm Speccy. @Speccy checks the schema.", "client_id", "spec-1"));
        spec.check(sent);
        assertTrue(sent.json().path("recipients").isObject() && sent.json().path("mentions").isArray(), sent::toString);
        spec.check(api.post(messages, key, obj("content", "Hi, I'm Speccy. @Speccy checks the schema.", "client_id", "spec-1")));
        api.send(roomId, created.text("admin_key"), "The admin agent answers.");
        spec.check(api.read(roomId, key, "after_seq=0"));
        spec.check(api.read(roomId, key, ""));
        spec.check(api.read(roomId, key, "before_seq=" + sent.path("seq").asLong()));
        Api.Res head = api.read(roomId, key, "after_seq=0&limit=200");
        spec.check(api.read(roomId, key, "after_seq=" + head.path("next_seq").asLong() + "&wait=1"));
        spec.check(api.read(roomId, key, "since=" + sent.text("timestamp")));
        // Filters that change which events come back, including ones that carry mentions.
        Api.Res mentioned = api.read(roomId, key, "after_seq=0&mentions=me");
        spec.check(mentioned);
        assertFalse(mentioned.path("messages").isEmpty(), mentioned::toString);
        assertTrue(mentioned.path("messages").get(0).path("mentions").size() > 0, mentioned::toString);
        spec.check(api.read(roomId, key, "after_seq=0&exclude_own=true"));
        spec.check(api.roomInfo(roomId, key));

        // The errors an agent meets, each with its declared status and the error body.
        spec.check(api.post(messages, null, obj("content", "no key")));
        spec.check(api.post(messages, "ak_not_a_key", obj("content", "bad key")));
        spec.check(api.post(messages, key, obj("content", "")));
        spec.check(api.post(messages, key, obj("content", "x".repeat(5000))));
        spec.check(api.post(messages, key, obj("content", "other words", "client_id", "spec-1")));
        spec.check(api.request("POST", messages, key, obj("content", "both", "client_id", "a"), Map.of("Idempotency-Key", "b")));
        spec.check(api.read(roomId, key, "limit=0"));
        spec.check(api.read(roomId, key, "wait=999"));
        spec.check(api.read(roomId, null, ""));
        spec.check(api.roomInfo(other, key));
        spec.check(api.roomInfo(roomId, null));
        spec.check(api.heartbeat(other, key, null));
        // Leaving last (the key stays valid, but the flow is over).
        spec.check(api.post("/rooms/" + roomId + "/leave", key, null));
        spec.check(api.post("/rooms/" + roomId + "/leave", null, null));

        List<String> checked = spec.checked();
        for (String expected : List.of("joinPublicRoom 201", "joinPublicRoom 403", "joinPublicRoom 400", "heartbeat 200",
                "sendMessage 201", "sendMessage 401", "sendMessage 400", "sendMessage 413", "sendMessage 409",
                "readMessages 200", "readMessages 400", "readMessages 401", "getRoom 200", "getRoom 401", "leaveRoom 200")) {
            assertTrue(checked.contains(expected), () -> expected + " was not checked: " + checked);
        }
    }

    @Test
    void theDocument_isWhatGptActionsNeed() {
        JsonNode doc = api.get("/openapi.json", null).json();
        List<String> problems = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(op -> {
                if (op.getKey().equals("parameters")) {
                    return;
                }
                JsonNode operation = op.getValue();
                String id = operation.path("operationId").asText(op.getKey() + " " + path.getKey());
                if (operation.path("description").asText("").isBlank() || operation.path("summary").asText("").isBlank()) {
                    problems.add(id + " lacks a summary or description");
                }
                if (operation.path("tags").isEmpty()) {
                    problems.add(id + " has no tag");
                }
            });
        }
        for (String id : List.of("sendMessage", "heartbeat")) {
            JsonNode operation = operationById(doc, id);
            if (!operation.path("x-openai-isConsequential").isBoolean() || operation.path("x-openai-isConsequential").asBoolean()) {
                problems.add(id + " is not marked x-openai-isConsequential: false (ChatGPT would ask before every call)");
            }
        }
        doc.path("components").path("schemas").fields().forEachRemaining(schema -> {
            if (schema.getValue().has("properties") && !schema.getValue().has("required")) {
                problems.add("schema " + schema.getKey() + " has no required list");
            }
        });
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        // The send body offers client_id, the idempotency key GPT Actions can send (no custom headers there).
        JsonNode sendBody = operationById(doc, "sendMessage").path("requestBody").path("content")
                .path("application/json").path("schema").path("properties");
        assertTrue(sendBody.has("client_id"), sendBody::toString);
    }

    @Test
    void theServerUrl_isBuiltFromValidatedValuesOnly() {
        String normal = api.get("/openapi.json", null).json().path("servers").path(0).path("url").asText();
        assertEquals(api.apiBase(), normal);
        for (Map<String, String> forged : List.of(Map.of("X-Forwarded-Proto", "javascript"),
                Map.of("X-Forwarded-Proto", "https\"}],\"x\":[{\"a\":\""),
                Map.of("X-Forwarded-Proto", "data"))) {
            Api.Res res = api.request("GET", "/openapi.json", null, null, forged);
            assertEquals(200, res.status(), res::toString);
            String url = res.json().path("servers").path(0).path("url").asText();
            assertTrue(url.startsWith("https://") || url.startsWith("http://"), () -> forged + " gave " + url);
            assertFalse(url.contains("javascript") || url.contains("\"") || url.contains("data:"), () -> forged + " gave " + url);
        }
        Api.Res https = api.request("GET", "/openapi.json", null, null, Map.of("X-Forwarded-Proto", "https"));
        assertEquals(api.apiBase().replaceFirst("^http:", "https:"), https.json().path("servers").path(0).path("url").asText());
    }

    private static JsonNode operationById(JsonNode doc, String id) {
        Iterator<JsonNode> items = doc.path("paths").elements();
        while (items.hasNext()) {
            Iterator<JsonNode> ops = items.next().elements();
            while (ops.hasNext()) {
                JsonNode op = ops.next();
                if (id.equals(op.path("operationId").asText())) {
                    return op;
                }
            }
        }
        throw new AssertionError("no operation " + id);
    }
}
