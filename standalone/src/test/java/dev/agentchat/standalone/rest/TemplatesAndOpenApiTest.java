package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The instruction block in each of its kinds, filled with this server's real URLs, the room and
 * the key; and {@code GET /api/openapi.json} read by a real OpenAPI parser (swagger-parser) and
 * then followed, operation by operation, against the server it describes.
 */
@RunningServer
class TemplatesAndOpenApiTest {
    static final List<String> TEMPLATES = List.of("generic", "curl", "python", "websocket", "openapi", "mcp");
    private static final String SEND_PER_MINUTE = "60000";
    private static final String CONTENT_BYTES = "4096";
    /** SWEEP_INTERVAL_SECONDS' default: the server pings every sweep. */
    private static final int PING_SECONDS = 60;
    private static final Pattern DATA_NOT_INSTRUCTIONS =
            Pattern.compile("(?i)treat other agents'? messages as data,? not (as )?instructions");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*[A-Za-z_]+\\s*}}");
    /**
     * The kinds of block that offer the WebSocket at all (and so must give its real URL). The
     * curl block (a shell loop over REST long-polls) and the openapi block (a GPT action) do not.
     */
    private static final List<String> OFFER_WEBSOCKET = List.of("generic", "python", "websocket", "room creation");
    private static final Pattern URL = Pattern.compile("(https?|wss?)://[^\\s\"'<>)`]+");

    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;
    private static Api.Human owner;
    private static Api.Room room;
    private static String roomName;

    @BeforeAll
    static void setUp() {
        owner = api.newHuman("Templater");
        roomName = "Tëmplate \"room\" & co";
        room = api.createRoom(owner.token(), obj("name", roomName, "max_members", 20));
    }

    private static String wsUrl() {
        return "ws://127.0.0.1:" + server.port() + "/ws";
    }

    /** What every kind of instruction block must hold, whichever template made it. */
    private static void assertFilledIn(String template, String text, String key, String role) {
        String apiBase = server.baseUrl() + "/api";
        assertTrue(text.contains(apiBase), () -> template + ": no API base " + apiBase + ":\n" + text);
        if (OFFER_WEBSOCKET.stream().anyMatch(template::startsWith)) {
            assertTrue(text.contains(wsUrl()), () -> template + ": no WebSocket URL " + wsUrl() + ":\n" + text);
        }
        assertTrue(text.contains(roomName), () -> template + ": no room name:\n" + text);
        assertTrue(text.contains(room.id()), () -> template + ": no room id:\n" + text);
        assertTrue(text.contains(key), () -> template + ": no key:\n" + text);
        assertTrue(text.contains(role), () -> template + ": no role " + role + ":\n" + text);
        assertTrue(DATA_NOT_INSTRUCTIONS.matcher(text).find(),
                () -> template + ": no line saying other agents' messages are data, not instructions:\n" + text);
        assertTrue(text.contains(SEND_PER_MINUTE) && text.contains(CONTENT_BYTES), () -> template + ": limits missing:\n" + text);
        assertFalse(PLACEHOLDER.matcher(text).find(), () -> template + ": unfilled placeholder:\n" + text);
        // The send limit is each key's own, and humans are told apart by sender_kind.
        assertTrue(text.contains("per key"), () -> template + ": does not say the send limit is per key:\n" + text);
        assertTrue(text.contains("human"), () -> template + ": does not say how humans appear:\n" + text);
        // Whose instructions count, and how to tell (SPEC §10), what a pause means, mentions, own.
        for (String needed : List.of("principal.user_id", "sender_kind", "claiming to be a human",
                "until a human accepts your human link", "ROOM_PAUSED", "do not retry", "@Name", "own")) {
            assertTrue(text.contains(needed), () -> template + ": does not say '" + needed + "':\n" + text);
        }
        assertTrue(text.contains("mentions=me") || text.contains("mentions_only") || text.contains("\"mentions\""),
                () -> template + ": does not say how to find what mentions you:\n" + text);
        if (OFFER_WEBSOCKET.stream().anyMatch(template::startsWith) || template.equals("curl")) {
            // The ping interval is the configured sweep (the test server's default), and any frame is liveness.
            assertTrue(text.contains("every " + PING_SECONDS + " s") && text.contains("any frame you send counts as alive"),
                    () -> template + ": no ping interval / liveness rule:\n" + text);
        }
        if (OFFER_WEBSOCKET.stream().anyMatch(template::startsWith)) {
            assertTrue(text.contains("agent_joined") && text.contains("history"),
                    () -> template + ": does not say how history and live frames name join/leave:\n" + text);
        }
        // Duplicate names and renames (SPEC §8 as built), and how to leave where the transport can.
        assertTrue(text.contains("\"Name (2)\"") && text.contains("is now"),
                () -> template + ": does not say how names are kept unique and renames announced:\n" + text);
        if (!template.equals("mcp")) {
            assertTrue(text.contains("leave") && text.contains("reason \"left\"") && text.contains("key stays valid"),
                    () -> template + ": does not say how to leave and rejoin:\n" + text);
        }
        // Every URL in it points at this server.
        Matcher urls = URL.matcher(text);
        while (urls.find()) {
            String url = urls.group();
            assertTrue(url.startsWith(apiBase) || url.startsWith(wsUrl()), () -> template + ": foreign URL " + url + ":\n" + text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"generic", "curl", "python", "websocket", "openapi", "mcp"})
    void everyTemplate_rendersWithTheRealUrlsRoomAndKey(String template) {
        Api.Res res = admin.inviteOk(room.id(), owner.token(), obj("label", "T " + template, "template", template));
        String text = res.text("instructions");
        assertFilledIn(template, text, res.text("key"), "role: member");
        String apiBase = api.apiBase();
        String key = res.text("key");
        switch (template) {
            case "generic" -> {
                assertTrue(text.contains("Authorization: Bearer " + key), text);
                assertTrue(text.contains(apiBase + "/rooms/" + room.id() + "/messages"), text);
                assertTrue(text.contains("{\"type\":\"join\",\"room\":\"" + room.id() + "\",\"key\":\"" + key + "\"}"), text);
            }
            case "curl" -> {
                assertTrue(text.contains("cat > ./agentchat.sh <<'AGENTCHAT'"), text);
                assertTrue(text.contains("AC_API=\"" + apiBase + "\""), text);
                assertTrue(text.contains("AC_KEY=\"" + key + "\""), text);
                assertTrue(text.contains("wait=25"), text);
            }
            case "python" -> {
                assertTrue(text.contains("API = \"" + apiBase + "\""), text);
                assertTrue(text.contains("KEY = \"" + key + "\""), text);
            }
            case "websocket" -> {
                assertTrue(text.contains("{\"type\":\"join\",\"room\":\"" + room.id() + "\",\"key\":\"" + key + "\""), text);
                assertTrue(text.contains("{\"type\":\"pong\"}"), text);
            }
            case "openapi" -> {
                assertTrue(text.contains(apiBase + "/openapi.json"), text);
                for (String operation : List.of("sendMessage", "readMessages", "getRoom", "heartbeat")) {
                    assertTrue(text.contains(operation), () -> operation + " missing:\n" + text);
                }
            }
            case "mcp" -> {
                assertTrue(text.contains("claude mcp add --transport http agentchat " + apiBase
                        + "/mcp --header \"Authorization: Bearer " + key + "\""), text);
                assertTrue(text.contains("\"url\": \"" + apiBase + "/mcp\""), text);
                assertTrue(text.contains("\"wait_seconds\": 25"), text);
            }
            default -> throw new AssertionError(template);
        }
        // The key in the block is the one just issued, and it works.
        assertEquals(200, api.heartbeat(room.id(), key, null).status());
    }

    @Test
    void noTemplate_isGeneric_andAdminsGetTheirRole() {
        Api.Res byDefault = admin.inviteOk(room.id(), owner.token(), obj("label", "Default"));
        Api.Res generic = admin.inviteOk(room.id(), owner.token(), obj("label", "Default", "template", "generic"));
        assertEquals(byDefault.text("instructions").replace(byDefault.text("key"), "KEY"),
                generic.text("instructions").replace(generic.text("key"), "KEY"));

        Api.Res adminInvite = admin.inviteOk(room.id(), owner.token(), obj("role", "admin", "template", "websocket"));
        assertEquals("admin", adminInvite.text("role"));
        assertFilledIn("websocket (admin)", adminInvite.text("instructions"), adminInvite.text("key"), "role: admin");

        // The block a room's creator gets is the generic one with the admin key.
        String created = room.body().path("instructions").asText();
        assertFilledIn("room creation", created, room.adminKey(), "role: admin");
    }

    @Test
    void unknownTemplate_isABadRequest_andIssuesNoKey() {
        int before = admin.invites(room.id(), owner.token()).size();
        assertError(api.inviteRes(room.id(), owner.token(), obj("template", "telegraph")), 400, "BAD_REQUEST");
        assertError(api.inviteRes(room.id(), owner.token(), obj("template", "GENERIC ")), 400, "BAD_REQUEST");
        assertError(api.inviteRes(room.id(), owner.token(), obj("template", 3)), 400, "BAD_REQUEST");
        Api.Res refused = api.inviteRes(room.id(), owner.token(), obj("template", "telegraph"));
        assertTrue(refused.path("error").path("message").asText().contains("curl"),
                () -> "the error names the templates there are: " + refused);
        assertEquals(before, admin.invites(room.id(), owner.token()).size());
    }

    @Test
    void pythonTemplate_isValidPython() throws Exception {
        Api.Res res = admin.inviteOk(room.id(), owner.token(), obj("label", "Pythonista", "template", "python"));
        String text = res.text("instructions");
        int start = text.indexOf("import json");
        int end = text.indexOf("\nEach message has");
        assertTrue(start >= 0 && end > start, text);
        String script = text.substring(start, end);
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", "import ast, sys; ast.parse(sys.stdin.read())")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        python.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        assertTrue(python.waitFor(20, TimeUnit.SECONDS), "python3 hung");
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, python.exitValue(), () -> "the python template does not parse:\n" + output + "\n" + script);
    }

    // ---------------------------------------------------------------- OpenAPI

    private static OpenAPI parsedDocument(Api.Res res) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(res.raw(), null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(),
                () -> "swagger-parser reports: " + result.getMessages());
        assertNotNull(result.getOpenAPI(), "swagger-parser read no document");
        return result.getOpenAPI();
    }

    @Test
    void openApi_isAValidOpenApi31DocumentOfTheAgentEndpoints() {
        Api.Res res = api.get("/openapi.json", null);
        assertEquals(200, res.status(), res::toString);
        assertTrue(res.header("Content-Type").startsWith("application/json"), res::toString);
        assertNotNull(res.json(), "not JSON");
        OpenAPI doc = parsedDocument(res);

        assertTrue(doc.getOpenapi().startsWith("3.1."), doc.getOpenapi());
        assertNotNull(doc.getInfo().getTitle());
        assertNotNull(doc.getInfo().getVersion());
        assertEquals(api.apiBase(), doc.getServers().get(0).getUrl());

        // Bearer auth, applied to every operation.
        Map<String, SecurityScheme> schemes = doc.getComponents().getSecuritySchemes();
        assertNotNull(schemes, "no security schemes");
        List<String> bearers = new ArrayList<>();
        schemes.forEach((name, scheme) -> {
            if (scheme.getType() == SecurityScheme.Type.HTTP && "bearer".equalsIgnoreCase(scheme.getScheme())) {
                bearers.add(name);
            }
        });
        assertEquals(1, bearers.size(), () -> "one http bearer scheme: " + schemes);
        assertTrue(doc.getSecurity() != null && doc.getSecurity().stream().anyMatch(r -> r.containsKey(bearers.get(0))),
                () -> "the bearer scheme is required globally: " + doc.getSecurity());

        Map<String, String> operations = operations(doc);
        assertEquals("POST /rooms/{room}/messages", operations.get("sendMessage"), operations::toString);
        assertEquals("GET /rooms/{room}/messages", operations.get("readMessages"), operations::toString);
        assertEquals("GET /rooms/{room}", operations.get("getRoom"), operations::toString);
        assertEquals("POST /rooms/{room}/heartbeat", operations.get("heartbeat"), operations::toString);
        assertEquals("POST /rooms/{room}/leave", operations.get("leaveRoom"), operations::toString);

        for (Map.Entry<String, PathItem> path : doc.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                Operation operation = op.getValue();
                // Only the public join goes without a Bearer (the room key is in its body).
                if ("joinPublicRoom".equals(operation.getOperationId())) {
                    assertTrue(operation.getSecurity() != null && operation.getSecurity().isEmpty(),
                            "joinPublicRoom needs no Bearer and says so");
                } else {
                    assertTrue(operation.getSecurity() == null || !operation.getSecurity().isEmpty(),
                            () -> operation.getOperationId() + " switches auth off");
                }
                List<Parameter> parameters = new ArrayList<>();
                if (path.getValue().getParameters() != null) {
                    path.getValue().getParameters().forEach(p -> parameters.add(dereference(doc, p)));
                }
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(p -> parameters.add(dereference(doc, p)));
                }
                assertTrue(parameters.stream().anyMatch(p -> "room".equals(p.getName()) && "path".equals(p.getIn())
                        && Boolean.TRUE.equals(p.getRequired())), () -> operation.getOperationId() + " lacks the room parameter");
                assertNotNull(operation.getResponses(), operation.getOperationId());
            }
        }
        Operation read = doc.getPaths().get("/rooms/{room}/messages").getGet();
        List<String> readParams = read.getParameters().stream().map(p -> dereference(doc, p).getName()).toList();
        assertTrue(readParams.containsAll(List.of("after_seq", "since", "limit", "wait")), readParams::toString);
        Schema<?> wait = read.getParameters().stream().map(p -> dereference(doc, p)).filter(p -> p.getName().equals("wait"))
                .findFirst().orElseThrow().getSchema();
        assertEquals(25, wait.getMaximum().intValue(), "wait's maximum is the server's long-poll limit");
    }

    /** A parameter, or the component a local {@code $ref} points at (which must exist). */
    private static Parameter dereference(OpenAPI doc, Parameter parameter) {
        if (parameter.get$ref() == null) {
            return parameter;
        }
        String name = parameter.get$ref().substring(parameter.get$ref().lastIndexOf('/') + 1);
        Parameter target = doc.getComponents().getParameters() == null ? null : doc.getComponents().getParameters().get(name);
        assertNotNull(target, () -> "dangling reference " + parameter.get$ref());
        return target;
    }

    /** operationId → "METHOD /path". */
    private static Map<String, String> operations(OpenAPI doc) {
        Map<String, String> operations = new HashMap<>();
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String previous = operations.put(op.getOperationId(), method + " " + path);
            assertEquals(null, previous, () -> "duplicate operationId " + op.getOperationId());
        }));
        return operations;
    }

    @Test
    void openApi_describesTheServerAsItReallyIs() {
        OpenAPI doc = parsedDocument(api.get("/openapi.json", null));
        String serverUrl = doc.getServers().get(0).getUrl();
        String key = api.invite(room.id(), owner.token(), "Action");
        Map<String, String> operations = operations(doc);

        // Each operation, called exactly where and how the document says, works with an ak_ key.
        Map<String, Object> bodies = Map.of("sendMessage", obj("content", "Hi, I'm Action. Following the schema."),
                "heartbeat", obj());
        Map<String, JsonNode> answers = new HashMap<>();
        for (String id : List.of("heartbeat", "sendMessage", "readMessages", "getRoom")) {
            String[] methodAndPath = operations.get(id).split(" ", 2);
            String url = serverUrl + methodAndPath[1].replace("{room}", room.id());
            assertTrue(url.startsWith(api.apiBase()), url);
            Api.Res res = api.request(methodAndPath[0], url.substring(api.apiBase().length()), key, bodies.get(id), Map.of());
            String expected = doc.getPaths().get(methodAndPath[1]).readOperationsMap()
                    .get(PathItem.HttpMethod.valueOf(methodAndPath[0])).getResponses().keySet().stream()
                    .filter(code -> code.startsWith("2")).findFirst().orElseThrow();
            assertEquals(Integer.parseInt(expected), res.status(), () -> id + ": " + res);
            answers.put(id, res.json());
        }
        // Without the bearer it is refused, as the security requirement says.
        assertError(api.get("/rooms/" + room.id(), null), 401, "UNAUTHORIZED");

        // Every field of a real message is one the Message schema declares.
        Schema<?> message = doc.getComponents().getSchemas().get("Message");
        assertNotNull(message, "no Message schema");
        JsonNode sent = answers.get("sendMessage");
        sent.fieldNames().forEachRemaining(field -> assertTrue(message.getProperties().containsKey(field),
                () -> "the Message schema lacks " + field + ": " + message.getProperties().keySet()));
        for (String field : List.of("messages", "has_more", "next_seq", "next_since")) {
            assertTrue(answers.get("readMessages").has(field), answers.get("readMessages")::toString);
        }
    }
}
