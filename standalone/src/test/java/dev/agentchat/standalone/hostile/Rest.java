package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.agentchat.standalone.AgentChatServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The well-behaved side of the hostile tests: the REST calls (sign up, create a room, invite,
 * send, read) that set the scene for an attacker on the class's server, over real HTTP.
 */
final class Rest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "correct horse battery";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** One HTTP answer: status, raw body, the body as JSON (missing if it is not JSON), headers. */
    record Res(int status, String raw, JsonNode json, HttpHeaders headers, String what) {
        JsonNode path(String field) {
            return json.path(field);
        }

        String text(String field) {
            return json.path(field).asText(null);
        }

        String errorCode() {
            return json.path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return what + " -> " + status + " " + (raw.length() > 500 ? raw.substring(0, 500) + "…" : raw);
        }
    }

    /** A signed-in human. */
    record Human(String id, String email, String token) {
    }

    private final String base;

    Rest(AgentChatServer server) {
        this.base = server.baseUrl() + "/api";
    }

    Res request(String method, String path, String bearer, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body != null) {
            builder.header("Content-Type", "application/json");
            publisher = HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : write(body), StandardCharsets.UTF_8);
        }
        try {
            HttpResponse<String> response = CLIENT.send(builder.method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json;
            try {
                json = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                json = MissingNode.getInstance();
            }
            return new Res(response.statusCode(), response.body(), json, response.headers(), method + " " + path);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Res get(String path, String bearer) {
        return request("GET", path, bearer, null);
    }

    Res post(String path, String bearer, Object body) {
        return request("POST", path, bearer, body);
    }

    Human newHuman(String tag) {
        String email = tag + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
        Res signup = post("/auth/signup", null, obj("email", email, "password", PASSWORD, "name", "Human " + tag));
        assertEquals(201, signup.status(), signup::toString);
        Res login = post("/auth/login", null, obj("email", email, "password", PASSWORD));
        assertEquals(200, login.status(), login::toString);
        return new Human(signup.text("id"), email, login.text("token"));
    }

    String createRoom(String token, String name) {
        Res res = post("/rooms", token, obj("name", name));
        assertEquals(201, res.status(), res::toString);
        return res.path("room").path("id").asText();
    }

    /** A new member key for the room; a null label leaves the agent to name itself. */
    String invite(String roomId, String token, String label) {
        Res res = post("/rooms/" + roomId + "/invites", token, label == null ? obj() : obj("label", label));
        assertEquals(201, res.status(), res::toString);
        return res.text("key");
    }

    Res sendRes(String roomId, String key, String content) {
        return post("/rooms/" + roomId + "/messages", key, obj("content", content));
    }

    JsonNode send(String roomId, String key, String content) {
        Res res = sendRes(roomId, key, content);
        assertEquals(201, res.status(), res::toString);
        return res.json();
    }

    /** Claims a key (a heartbeat) and returns its agent id. */
    String claim(String roomId, String key) {
        Res res = post("/rooms/" + roomId + "/heartbeat", key, null);
        assertEquals(200, res.status(), res::toString);
        return res.text("agent_id");
    }

    static Map<String, Object> obj(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().objectNode().put("type", "unparsable").put("text", text);
        }
    }
}
