package dev.agentchat.standalone.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentchat.standalone.AgentChatServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A tiny HTTP client for the AgentChat REST API as an agent or a human would use it: real
 * requests over {@link HttpClient} to a running {@link AgentChatServer}, JSON via Jackson's
 * tree model, and a few helpers for the steps every end-to-end test repeats.
 */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String PASSWORD = "correct horse battery";
    public static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** One HTTP answer: status, raw body, the body as JSON (null if it is not JSON), headers. */
    public record Res(int status, String raw, JsonNode json, HttpHeaders headers, String method, String uri) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String errorCode() {
            return json == null ? null : json.path("error").path("code").asText(null);
        }

        public JsonNode path(String field) {
            return json == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : json.path(field);
        }

        public String text(String field) {
            return path(field).asText(null);
        }

        @Override
        public String toString() {
            return method + " " + uri + " -> " + status + " " + raw;
        }
    }

    public record Human(String id, String email, String name, String token) {
    }

    public record Room(String id, String adminKey, String adminKeyId, JsonNode body) {
    }

    private final String base;

    public Api(AgentChatServer server) {
        this(server.baseUrl() + "/api");
    }

    private Api(String base) {
        this.base = base;
    }

    /** An Api for a server running elsewhere (another process), given its root URL without /api. */
    public static Api at(String rootUrl) {
        return new Api(rootUrl + "/api");
    }

    public String apiBase() {
        return base;
    }

    // ---------------------------------------------------------------- raw requests

    public Res request(String method, String path, String bearer, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(builder::header);
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else {
            builder.header("Content-Type", "application/json");
            publisher = HttpRequest.BodyPublishers.ofString(
                    body instanceof String s ? s : write(body), StandardCharsets.UTF_8);
        }
        return send(builder.method(method, publisher).build(), method, path);
    }

    /**
     * A request whose body goes byte for byte as given (invalid UTF-8, not JSON, empty), with a
     * JSON content type as a confused client would claim; a null bearer sends no Authorization.
     */
    public Res requestBytes(String method, String path, String bearer, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return send(builder.method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), method, path);
    }

    private static Res send(HttpRequest request, String method, String path) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = null;
            try {
                json = response.body() == null || response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                json = null;
            }
            return new Res(response.statusCode(), response.body(), json, response.headers(), method, path);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A request to an absolute URL on the server (outside /api), without a body. */
    public Res absolute(String method, String url) {
        String apiRoot = base.substring(0, base.length() - "/api".length());
        if (!url.startsWith(apiRoot)) {
            throw new IllegalArgumentException(url + " is not on " + apiRoot);
        }
        return new Api(apiRoot).request(method, url.substring(apiRoot.length()), null, null, Map.of());
    }

    public Res get(String path, String bearer) {
        return request("GET", path, bearer, null, Map.of());
    }

    public Res post(String path, String bearer, Object body) {
        return request("POST", path, bearer, body, Map.of());
    }

    /** GET with a raw Authorization header value (or none when null). */
    public Res getWithAuthorization(String path, String authorization) {
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        return request("GET", path, null, null, headers);
    }

    // ---------------------------------------------------------------- humans

    public static String uniqueEmail(String tag) {
        return tag + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com";
    }

    public Res signup(String email, String password, String name) {
        return post("/auth/signup", null, obj("email", email, "password", password, "name", name));
    }

    public Res login(String email, String password) {
        return post("/auth/login", null, obj("email", email, "password", password));
    }

    /** A new human, signed up and signed in. */
    public Human newHuman(String tag) {
        String email = uniqueEmail(tag);
        Res signup = signup(email, PASSWORD, "Human " + tag);
        assertEquals(201, signup.status(), signup::toString);
        Res login = login(email, PASSWORD);
        assertEquals(200, login.status(), login::toString);
        return new Human(signup.text("id"), email, "Human " + tag, login.text("token"));
    }

    // ---------------------------------------------------------------- rooms and invites

    /** A new human invite link of the room (its {@code hi_} token), made by its owner. */
    public String humanLink(String roomId, String ownerToken, String role) {
        Res res = post("/rooms/" + enc(roomId) + "/humans", ownerToken, obj("role", role));
        assertEquals(201, res.status(), res::toString);
        return res.text("token");
    }

    /** Brings a signed-in human into the room with this role, through a link its owner made. */
    public void addHuman(String roomId, String ownerToken, Human human, String role) {
        Res accepted = post("/humans/accept", human.token(), obj("token", humanLink(roomId, ownerToken, role)));
        assertEquals(200, accepted.status(), accepted::toString);
        assertEquals(role, accepted.json().path("role").asText(), accepted::toString);
    }

    public Res createRoomRes(String token, Map<String, Object> body) {
        return post("/rooms", token, body);
    }

    public Room createRoom(String token, Map<String, Object> body) {
        Res res = createRoomRes(token, body);
        assertEquals(201, res.status(), res::toString);
        return new Room(res.path("room").path("id").asText(), res.text("admin_key"), res.text("admin_key_id"), res.json());
    }

    public Room createRoom(String token, String name) {
        return createRoom(token, obj("name", name));
    }

    /**
     * Turns the loop guard off in a room, for tests that send more agent messages in a row than
     * its default budget on purpose (the guard has its own tests).
     */
    public void turnOffLoopGuard(String roomId, String ownerToken) {
        Res res = request("PATCH", "/rooms/" + roomId, ownerToken, obj("agent_turn_budget", 0), Map.of());
        assertEquals(200, res.status(), res::toString);
    }

    public Res inviteRes(String roomId, String auth, Map<String, Object> body) {
        return post("/rooms/" + roomId + "/invites", auth, body);
    }

    /** A new member key for the room (label may be null), issued by {@code auth} (owner st_ or admin ak_). */
    public String invite(String roomId, String auth, String label) {
        Res res = inviteRes(roomId, auth, label == null ? obj() : obj("label", label));
        assertEquals(201, res.status(), res::toString);
        String key = res.text("key");
        assertNotNull(key, res::toString);
        return key;
    }

    // ---------------------------------------------------------------- agents

    public Res sendRes(String roomId, String key, String content) {
        return post("/rooms/" + roomId + "/messages", key, obj("content", content));
    }

    public Res sendRes(String roomId, String key, String content, String idempotencyKey) {
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        return request("POST", "/rooms/" + roomId + "/messages", key, obj("content", content), headers);
    }

    /** Sends a message and checks it was accepted; returns the message object. */
    public JsonNode send(String roomId, String key, String content) {
        Res res = sendRes(roomId, key, content);
        assertEquals(201, res.status(), res::toString);
        return res.json();
    }

    /** GET …/messages with a raw query string (without '?'; may be empty). */
    public Res read(String roomId, String key, String query) {
        return get("/rooms/" + roomId + "/messages" + (query == null || query.isEmpty() ? "" : "?" + query), key);
    }

    public Res heartbeat(String roomId, String key, Object body) {
        return post("/rooms/" + roomId + "/heartbeat", key, body);
    }

    /** Uses a key once (a heartbeat), which claims it; returns the agent id. */
    public String claim(String roomId, String key) {
        Res res = heartbeat(roomId, key, null);
        assertEquals(200, res.status(), res::toString);
        return res.text("agent_id");
    }

    public Res roomInfo(String roomId, String auth) {
        return get("/rooms/" + roomId, auth);
    }

    /** Every event of the room, oldest first, paged with after_seq. */
    public List<JsonNode> readAll(String roomId, String key) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < 1000; page++) {
            Res res = read(roomId, key, "after_seq=" + after + "&limit=200");
            assertEquals(200, res.status(), res::toString);
            JsonNode messages = res.path("messages");
            messages.forEach(all::add);
            if (messages.size() > 0) {
                after = messages.get(messages.size() - 1).path("seq").asLong();
            }
            if (!res.path("has_more").asBoolean()) {
                return all;
            }
            if (messages.size() == 0) {
                fail("has_more=true with an empty page: " + res);
            }
        }
        throw new AssertionError("room " + roomId + " never stopped paging");
    }

    // ---------------------------------------------------------------- assertions and small tools

    /** Asserts the standard error shape: the status, {"error":{"code","message"}}, a JSON content type. */
    public static void assertError(Res res, int status, String code) {
        assertEquals(status, res.status(), () -> "expected " + status + " " + code + ": " + res);
        assertNotNull(res.json(), () -> "error body is not JSON: " + res);
        assertEquals(code, res.errorCode(), () -> "wrong error code: " + res);
        String message = res.path("error").path("message").asText("");
        assertFalse(message.isBlank(), () -> "error without a message: " + res);
        String type = res.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/json"), () -> "error content type " + type + ": " + res);
    }

    /** A JSON object from alternating names and values (values may be null: then the field is JSON null). */
    public static Map<String, Object> obj(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    public static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Long> seqs(List<JsonNode> events) {
        List<Long> seqs = new ArrayList<>();
        events.forEach(e -> seqs.add(e.path("seq").asLong()));
        return seqs;
    }

    public static List<Long> range(long fromInclusive, long toInclusive) {
        List<Long> list = new ArrayList<>();
        for (long i = fromInclusive; i <= toInclusive; i++) {
            list.add(i);
        }
        return list;
    }

    /**
     * Copies of the events without {@code own}, which says who is reading (not what was written):
     * for comparing what two readers got.
     */
    public static List<JsonNode> withoutOwn(List<JsonNode> events) {
        return events.stream().map(Api::withoutOwn).toList();
    }

    public static JsonNode withoutOwn(JsonNode event) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = event.deepCopy();
        copy.remove("own");
        return copy;
    }

    /** A send's answer as the message object alone: without {@code recipients} (who it reached when sent). */
    public static JsonNode withoutRecipients(JsonNode sent) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = sent.deepCopy();
        copy.remove("recipients");
        return copy;
    }

    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
