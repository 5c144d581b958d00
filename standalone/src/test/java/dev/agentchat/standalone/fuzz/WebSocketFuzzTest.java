package dev.agentchat.standalone.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.Routes;
import dev.agentchat.Routes.WsRoute;
import dev.agentchat.standalone.fuzz.FuzzTarget.Fixture;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.ServerUnderTest;
import dev.agentchat.standalone.support.StoredState;
import dev.agentchat.standalone.support.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property-based fuzzing of the WebSocket API over a real socket (issue #7), route by route of
 * {@link Routes#WEBSOCKET}: handshakes with hostile {@code room}/{@code key} values, text that is
 * not a frame, frames of unknown types, and join/message/watch frames with fields of the wrong
 * type. A bad frame earns an error frame (never {@code INTERNAL}) and stores nothing; the
 * connection stays open and served.
 *
 * <p>Sockets stay open until the class ends: closing one runs {@code $disconnect}, whose writes
 * (a leave event, the connection row's delete) would land inside a later try's before/after window.
 */
@RunningServer(env = {FuzzTarget.ROOMS_FOR_EVERY_TRY, FuzzTarget.NO_SWEEPS})
class WebSocketFuzzTest {
    /** The fields each frame type reads: the fuzzer sets every one of them to a wrong value. */
    private static final Map<String, List<String>> FRAME_FIELDS = Map.of(
            "join", List.of("room", "key", "name", "after_seq"),
            "message", List.of("content", "client_id"),
            "watch", List.of("room", "token", "after_seq"));

    private static final List<String> WRONG_VALUES = List.of("1", "-1", "1e400", "true", "[]", "{}", "[\"a\"]",
            "{\"a\":1}", "99999999999999999999", "\"\"", "\"   \"", "1.5", "null");

    private static FuzzTarget target;
    private static final List<WsClient> sockets = new ArrayList<>();

    /** One frame sent on a fresh socket of a fresh room, joined first or not. */
    record FrameTry(String frame, boolean joined) {
    }

    /** A handshake's query values as they go on the wire. */
    record HandshakeTry(String room, String key) {
    }

    @BeforeAll
    static void start(ServerUnderTest server) {
        target = new FuzzTarget(server);
    }

    @AfterAll
    static void stop() {
        sockets.forEach(WsClient::close);
    }

    @TestFactory
    Stream<DynamicNode> everyWebSocketRoute_takesHostileInput_withoutAnInternalErrorOrAStoredChange() {
        List<DynamicNode> routes = new ArrayList<>();
        long seed = 3306118745L;
        for (WsRoute route : Routes.WEBSOCKET) {
            String key = route.routeKey();
            seed++;
            Stream<? extends DynamicNode> tries;
            if (key.equals(Routes.CONNECT)) {
                tries = FuzzTries.tries("ws " + key, seed, 8,
                        random -> new HandshakeTry(FuzzInputs.pathSegment(random), garbageKey(random)),
                        t -> "?room=" + FuzzInputs.summary(t.room(), 30) + "&key=" + FuzzInputs.summary(t.key(), 30),
                        WebSocketFuzzTest::refusedHandshake);
            } else if (key.equals(Routes.DISCONNECT)) {
                continue; // takes no input of the client's: API Gateway sends it when a socket closes
            } else if (key.equals(Routes.DEFAULT)) {
                tries = frames(key, seed, 10, WebSocketFuzzTest::notAKnownFrame);
            } else if (key.equals("leave")) {
                // A joined socket's leave is a real departure (it writes the leave event and closes:
                // JoinLeaveTest); an unjoined one must be refused whatever else the frame holds.
                tries = FuzzTries.tries("ws " + key, seed, 3,
                        random -> new FrameTry(wellFormed(random, r -> withType(r, Api.write(key))), false),
                        t -> FuzzInputs.summary(t.frame(), 60),
                        t -> badFrame(key, t));
            } else if (FRAME_FIELDS.containsKey(key)) {
                tries = frames(key, seed, 6, random -> wrongTyped(random, key, FRAME_FIELDS.get(key)));
            } else {
                // ping, pong and any frame type added later: extra fields of any kind are ignored, never a failure.
                tries = frames(key, seed, 3, random -> withType(random, Api.write(key)));
            }
            routes.add(dynamicContainer("ws " + key, tries));
        }
        return routes.stream();
    }

    @TestFactory
    Stream<DynamicTest> anyAlteringJsonFrame_isABadRequestFrame_andStoresNothing() {
        return FuzzTries.tries("ws altering JSON", 6218830517L, 12,
                random -> new FrameTry(wellFormed(random, r -> typed(r, FuzzInputs.malformedObjectText(r))), random.nextBoolean()),
                t -> (t.joined() ? "joined: " : "") + FuzzInputs.summary(t.frame(), 60),
                t -> {
                    badFrame("message", t);
                    WsClient socket = sockets.get(sockets.size() - 1);
                    assertFalse(socket.received(f -> WsClient.isType(f, "error")
                            && "BAD_REQUEST".equals(f.path("code").asText())).isEmpty(),
                            () -> "no BAD_REQUEST for " + FuzzInputs.summary(t.frame(), 300) + ": " + socket.received());
                });
    }

    /** The object with a frame type of the known ones first (a send, a join or a watch), the rest as it was. */
    private static String typed(Random random, String object) {
        String type = FuzzInputs.pick(random, List.of("message", "join", "watch"));
        return "{\"type\":\"" + type + "\"," + object.substring(1);
    }

    private static Stream<DynamicTest> frames(String routeKey, long seed, int count, Function<Random, String> frame) {
        return FuzzTries.tries("ws " + routeKey, seed, count,
                random -> new FrameTry(wellFormed(random, frame), random.nextBoolean()),
                t -> (t.joined() ? "joined: " : "") + FuzzInputs.summary(t.frame(), 60),
                t -> badFrame(routeKey, t));
    }

    private static void badFrame(String routeKey, FrameTry t) {
        Fixture fixture = target.fixture(false);
        WsClient socket = WsClient.open(target.server, "fuzz " + routeKey);
        sockets.add(socket);
        if (t.joined()) {
            socket.joinAndAwait(fixture.roomId(), fixture.memberKey(), null, null);
        }
        StoredState.Snapshot before = target.stored();
        socket.sendRaw(t.frame());
        String shown = FuzzInputs.summary(t.frame(), 300);
        boolean ignoredFields = routeKey.equals("ping") || routeKey.equals("pong");
        if (!ignoredFields) {
            JsonNode error = socket.awaitFrame(WsClient.type("error"));
            assertNotEquals("INTERNAL", error.path("code").asText(), () -> "server error for frame " + shown + ": " + error);
            assertFalse(error.path("code").asText("").isBlank() || error.path("message").asText("").isBlank(),
                    () -> "error frame without code or message for " + shown + ": " + error);
        }
        // A ping answered after the fuzzed frame: frames of one socket are served in order, so it has been handled.
        socket.assertAlive();
        assertTrue(socket.received(f -> WsClient.isType(f, "error") && "INTERNAL".equals(f.path("code").asText()))
                .isEmpty(), () -> "INTERNAL error frame for " + shown + ": " + socket.received());
        if (!routeKey.equals("pong")) {
            // An accepted pong records when the socket last answered; every other fuzzed frame stores nothing.
            List<String> changes = before.changesTo(target.stored());
            assertTrue(changes.isEmpty(), () -> "frame " + shown + " changed what is stored:\n  "
                    + String.join("\n  ", changes));
        }
    }

    private static void refusedHandshake(HandshakeTry t) {
        StoredState.Snapshot before = target.stored();
        int status = WsClient.refusedHandshakeStatus(WsClient.url(target.server) + "?room=" + t.room() + "&key=" + t.key());
        assertTrue(status >= 400 && status < 500, () -> "handshake ?room=" + t.room() + "&key=" + t.key()
                + " answered " + status);
        List<String> changes = before.changesTo(target.stored());
        assertEquals(List.of(), changes, "a refused handshake stored something");
    }

    /** A key that is no key: encoded text, or an ak_ look-alike. */
    private static String garbageKey(Random random) {
        return random.nextBoolean() ? Api.enc("ak_" + FuzzInputs.text(random)) : Api.enc(FuzzInputs.text(random) + "x");
    }

    /** Text that is not JSON, JSON that is not an object, or an object whose type is no frame type. */
    private static String notAKnownFrame(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> {
                String text = FuzzInputs.text(random);
                yield text.trim().startsWith("{") ? "x" + text : text;
            }
            case 1 -> {
                String value = FuzzInputs.jsonValue(random, 2);
                yield value.startsWith("{") ? "[" + value + "]" : value;
            }
            default -> {
                String type = random.nextBoolean() ? Api.write(FuzzInputs.text(random))
                        : FuzzInputs.pick(random, List.of("1", "null", "true", "[]", "{}", "[\"join\"]",
                                "{\"type\":\"join\"}", "\"JOIN\"", "\" ping\""));
                yield FRAME_FIELDS.containsKey(type.replace("\"", "")) || FuzzInputs.FRAME_TYPES.contains(
                        type.replace("\"", "")) ? withType(random, "\"nope\"") : withType(random, type);
            }
        };
    }

    private static String withType(Random random, String typeJson) {
        String rest;
        do {
            // A second "type" would win over the first (the last duplicate key counts): keep the frame's own.
            rest = FuzzInputs.jsonObject(random, 3, 1);
        } while (rest.contains("\"type\""));
        return "{\"type\":" + typeJson + (rest.equals("{}") ? "}" : "," + rest.substring(1));
    }

    /** A frame of a known type whose every listed field holds a wrong-typed or out-of-range value. */
    private static String wrongTyped(Random random, String type, List<String> fields) {
        StringBuilder frame = new StringBuilder("{\"type\":\"").append(type).append('"');
        for (String field : fields) {
            frame.append(",\"").append(field).append("\":").append(FuzzInputs.pick(random, WRONG_VALUES));
        }
        return frame.append('}').toString();
    }

    /** A frame a WebSocket text message can carry (no lone surrogates): drawn again until it is one. */
    private static String wellFormed(Random random, Function<Random, String> frame) {
        while (true) {
            String text = frame.apply(random);
            if (FuzzInputs.wellFormed(text)) {
                return text;
            }
        }
    }
}
