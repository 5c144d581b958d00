package dev.agentchat.standalone.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.agentchat.standalone.AgentChatServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The one WebSocket client of the end-to-end tests (the JDK's {@link WebSocket}). Every text frame
 * received is parsed as JSON and kept: in {@link #received()} (everything, in arrival order, for
 * "exactly once" checks) and in a pending queue that {@link #awaitFrame} takes matching frames
 * from (non-matching frames stay pending for later awaits). The server's {@code {"type":"ping"}}
 * is answered with {@code {"type":"pong"}} while {@link #autoPong} is on (then pings are counted
 * but not queued).
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** How the socket ended: the close code (or -1 for an error) and reason. */
    public record Closed(int code, String reason, Throwable error) {
    }

    private final String label;
    private final List<JsonNode> all = new ArrayList<>();
    private final LinkedList<JsonNode> pending = new LinkedList<>();
    /** Every frame as it arrived, also offered to a queue (for tests that want to drain in order). */
    private final BlockingQueue<JsonNode> arrivals = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final AtomicInteger pingsReceived = new AtomicInteger();
    private volatile boolean autoPong;
    private volatile WebSocket socket;
    private CompletableFuture<WebSocket> sending;

    private WsClient(String label, boolean autoPong) {
        this.label = label;
        this.autoPong = autoPong;
    }

    public static String url(AgentChatServer server) {
        return "ws://127.0.0.1:" + server.port() + "/ws";
    }

    /** Opens a socket to {@code /ws} (answering pings). */
    public static WsClient open(AgentChatServer server, String label) {
        return open(url(server), label, true);
    }

    /** Opens a socket to {@code /ws?room=&key=(&name=)}: joined at connect time. */
    public static WsClient openJoined(AgentChatServer server, String label, String roomId, String key, String name) {
        return open(url(server) + query(roomId, key, name), label, true);
    }

    /** Opens a socket to {@code /ws} and joins with a {@code join} frame; fails if the join is refused. */
    public static WsClient openAndJoin(AgentChatServer server, String label, String roomId, String key) {
        WsClient client = open(server, label);
        try {
            client.joinAndAwait(roomId, key, null, null);
        } catch (AssertionError e) {
            client.close();
            throw e;
        }
        return client;
    }

    public static String query(String roomId, String key, String name) {
        StringBuilder q = new StringBuilder("?room=").append(Api.enc(roomId)).append("&key=").append(Api.enc(key));
        if (name != null) {
            q.append("&name=").append(Api.enc(name));
        }
        return q.toString();
    }

    public static WsClient open(String url, String label, boolean autoPong) {
        WsClient client = new WsClient(label, autoPong);
        try {
            client.socket = client.connect(url).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(label + ": could not open " + url + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(label + ": opening " + url + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        synchronized (client) {
            client.sending = CompletableFuture.completedFuture(client.socket);
        }
        return client;
    }

    /**
     * Tries a handshake that should be refused; returns the HTTP status of the refusal. Fails if
     * the socket opened (and closes it).
     */
    public static int refusedHandshakeStatus(String url) {
        WsClient client = new WsClient("refused", false);
        try {
            WebSocket ws = client.connect(url).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ws.abort();
            throw new AssertionError("the handshake to " + url + " was accepted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("the handshake to " + url + " failed without an HTTP answer: " + cause, cause);
        } catch (TimeoutException e) {
            throw new AssertionError("handshake to " + url + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private CompletableFuture<WebSocket> connect(String url) {
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(url), this);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Characters per frame of a long message: at most 3 UTF-8 bytes each (a surrogate pair is 4
     * for 2), so a frame stays under the 32 KB API Gateway (and the standalone) allow per frame.
     */
    private static final int FRAME_CHARS = 8 * 1024;

    /**
     * Sends a text message as is (not necessarily JSON) and waits until it is written; a long one
     * goes in several frames, as a client of API Gateway must send it.
     */
    public void sendRaw(String text) {
        CompletableFuture<WebSocket> written;
        synchronized (this) {
            // The JDK client allows one outstanding send: chain them.
            written = sending;
            int start = 0;
            do {
                int end = Math.min(text.length(), start + FRAME_CHARS);
                if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end--; // never split a surrogate pair across frames
                }
                String part = text.substring(start, end);
                boolean last = end == text.length();
                written = written.thenCompose(ws -> ws.sendText(part, last));
                start = end;
            } while (start < text.length());
            sending = written;
        }
        try {
            written.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(label + ": send failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(label + ": send timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void sendQuietly(String text) {
        synchronized (this) {
            if (sending == null) {
                return;
            }
            sending = sending.thenCompose(ws -> ws.sendText(text, true)).exceptionally(e -> socket);
        }
    }

    public void send(Map<String, Object> frame) {
        sendRaw(Api.write(frame));
    }

    public void join(String roomId, String key, String name, Long afterSeq) {
        Map<String, Object> frame = Api.obj("type", "join", "room", roomId, "key", key);
        if (name != null) {
            frame.put("name", name);
        }
        if (afterSeq != null) {
            frame.put("after_seq", afterSeq);
        }
        send(frame);
    }

    /** Joins and returns the answer, {@code joined} or {@code error} (fails on a timeout). */
    public JsonNode joinAnswer(String roomId, String key, String name, Long afterSeq) {
        join(roomId, key, name, afterSeq);
        return awaitFrame(f -> isType(f, "joined") || isType(f, "error"), TIMEOUT);
    }

    /** Joins and returns the {@code joined} frame (fails on an error frame or a timeout). */
    public JsonNode joinAndAwait(String roomId, String key, String name, Long afterSeq) {
        JsonNode reply = joinAnswer(roomId, key, name, afterSeq);
        assertEquals("joined", reply.path("type").asText(), () -> label + ": join refused: " + reply);
        return reply;
    }

    public void watch(String roomId, String token, Long afterSeq) {
        Map<String, Object> frame = Api.obj("type", "watch", "room", roomId, "token", token);
        if (afterSeq != null) {
            frame.put("after_seq", afterSeq);
        }
        send(frame);
    }

    public JsonNode watchAndAwait(String roomId, String token, Long afterSeq) {
        watch(roomId, token, afterSeq);
        JsonNode reply = awaitFrame(f -> isType(f, "watching") || isType(f, "error"), TIMEOUT);
        assertEquals("watching", reply.path("type").asText(), () -> label + ": watch refused: " + reply);
        return reply;
    }

    public void message(String content, String clientId) {
        Map<String, Object> frame = Api.obj("type", "message", "content", content);
        if (clientId != null) {
            frame.put("client_id", clientId);
        }
        send(frame);
    }

    /** Sends a message with a client_id and returns its ack (fails on an error frame). */
    public JsonNode say(String content, String clientId) {
        message(content, clientId);
        JsonNode reply = awaitFrame(f -> (isType(f, "message") && clientId.equals(f.path("client_id").asText(null)))
                || isType(f, "error"), TIMEOUT);
        assertEquals("message", reply.path("type").asText(), () -> label + ": message refused: " + reply);
        return reply;
    }

    /** Sends a message with a fresh client_id and returns its ack (fails on an error frame). */
    public JsonNode say(String content) {
        return say(content, UUID.randomUUID().toString());
    }

    /** Sends a frame and returns the error frame it earned. */
    public JsonNode expectError(String rawFrame, String code) {
        sendRaw(rawFrame);
        JsonNode error = awaitFrame(f -> isType(f, "error"), TIMEOUT);
        assertEquals(code, error.path("code").asText(), () -> label + ": wrong error for " + rawFrame + ": " + error);
        assertFalse(error.path("message").asText("").isBlank(), () -> "error frame without a message: " + error);
        return error;
    }

    /** Waits for the server's {@code {"type":"error","code":code}} frame and takes it. */
    public JsonNode awaitError(String code) {
        return awaitFrame(f -> isType(f, "error") && code.equals(f.path("code").asText(null)), TIMEOUT);
    }

    /** A client ping answered by a pong: proves the connection is open and served. */
    public void assertAlive() {
        send(Api.obj("type", "ping"));
        awaitFrame(f -> isType(f, "pong"), TIMEOUT);
        assertFalse(isClosed(), () -> label + " is closed");
    }

    public void setAutoPong(boolean on) {
        autoPong = on;
    }

    public int pingsReceived() {
        return pingsReceived.get();
    }

    // ---------------------------------------------------------------- receiving

    /** Takes the first pending frame that matches, waiting up to {@code timeout}; fails if none comes. */
    public JsonNode awaitFrame(Predicate<JsonNode> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pending) {
            while (true) {
                for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
                    JsonNode frame = it.next();
                    if (predicate.test(frame)) {
                        it.remove();
                        return frame;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(label + ": no matching frame within " + timeout.toMillis() + " ms; pending "
                            + pending + (closed.isDone() ? "; closed " + closed.join() : ""));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(pending, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    public JsonNode awaitFrame(Predicate<JsonNode> predicate) {
        return awaitFrame(predicate, TIMEOUT);
    }

    /** Takes {@code count} matching frames, in arrival order. */
    public List<JsonNode> awaitFrames(Predicate<JsonNode> predicate, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long left = Math.max(1, deadline - System.nanoTime());
            try {
                frames.add(awaitFrame(predicate, Duration.ofNanos(left)));
            } catch (AssertionError e) {
                throw new AssertionError(label + ": got " + frames.size() + " of " + count + " frames: " + e.getMessage(), e);
            }
        }
        return frames;
    }

    /** A copy of every frame received so far, in arrival order (pings included). */
    public List<JsonNode> received() {
        synchronized (pending) {
            return new ArrayList<>(all);
        }
    }

    /** Frames received so far that match. */
    public List<JsonNode> received(Predicate<JsonNode> predicate) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode frame : received()) {
            if (predicate.test(frame)) {
                matching.add(frame);
            }
        }
        return matching;
    }

    /** Every frame in arrival order as it came (the queue is drained by the caller, if it wants). */
    public BlockingQueue<JsonNode> arrivals() {
        return arrivals;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Waits up to {@link #TIMEOUT} until the server closes the socket (close frame or dropped transport). */
    public Closed awaitClosed() {
        return awaitClosed(TIMEOUT);
    }

    /** Waits until the server closes the socket; returns how. */
    public Closed awaitClosed(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(label + ": still open after " + timeout.toMillis() + " ms; received " + received(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Closes the socket from this side (a normal close), and waits for the server's answer. */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null || closed.isDone()) {
            return;
        }
        synchronized (this) {
            sending = sending.exceptionally(e -> ws).thenCompose(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.abort();
        }
    }

    // ---------------------------------------------------------------- listener

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            JsonNode frame;
            try {
                frame = Api.JSON.readTree(text);
            } catch (JsonProcessingException e) {
                frame = new TextNode(text);
            }
            boolean isPing = isType(frame, "ping");
            if (isPing) {
                pingsReceived.incrementAndGet();
            }
            synchronized (pending) {
                all.add(frame);
                if (!(isPing && autoPong)) {
                    pending.add(frame);
                }
                pending.notifyAll();
            }
            arrivals.add(frame);
            if (isPing && autoPong) {
                sendQuietly("{\"type\":\"pong\"}");
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason, null));
        synchronized (pending) {
            pending.notifyAll();
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, String.valueOf(error), error));
        synchronized (pending) {
            pending.notifyAll();
        }
    }

    @Override
    public String toString() {
        return label;
    }

    // ---------------------------------------------------------------- frame predicates and checks

    public static boolean isType(JsonNode frame, String type) {
        return frame != null && frame.isObject() && type.equals(frame.path("type").asText(null));
    }

    public static Predicate<JsonNode> type(String type) {
        return f -> isType(f, type);
    }

    /** A message frame carrying the given message id. */
    public static Predicate<JsonNode> messageWithId(String id) {
        return f -> isType(f, "message") && id.equals(f.path("id").asText(null));
    }

    public static Predicate<JsonNode> messageWithContent(String content) {
        return f -> isType(f, "message") && content.equals(f.path("content").asText(null));
    }

    public static Predicate<JsonNode> joinedBy(String agentId) {
        return f -> isType(f, "agent_joined") && agentId.equals(f.path("agent_id").asText(null));
    }

    public static Predicate<JsonNode> leftBy(String agentId) {
        return f -> isType(f, "agent_left") && agentId.equals(f.path("agent_id").asText(null));
    }

    /** Checks a {@code message} frame carries the whole message object (SPEC §4) and no stray fields. */
    public static void assertMessageFrame(JsonNode frame) {
        assertEquals("message", frame.path("type").asText(), frame::toString);
        for (String field : List.of("id", "room_id", "seq", "agent_id", "from", "from_name", "sender_kind", "content",
                "timestamp")) {
            assertTrue(frame.has(field), () -> "message frame without '" + field + "': " + frame);
        }
        assertTrue(frame.path("id").asText().startsWith("msg_"), frame::toString);
        assertTrue(frame.path("seq").isIntegralNumber() && frame.path("seq").asLong() > 0, frame::toString);
        assertEquals(frame.path("agent_id").asText(), frame.path("from").asText(), frame::toString);
        assertTrue(Api.TIMESTAMP.matcher(frame.path("timestamp").asText()).matches(), frame::toString);
    }

    /**
     * The fields a message frame shares with the message object (what must agree across copies;
     * {@code own} says who reads a copy, so it is not among them).
     */
    public static ObjectNode messageFields(JsonNode frame) {
        ObjectNode copy = ((ObjectNode) frame).deepCopy();
        copy.remove("type");
        copy.remove("client_id");
        copy.remove("own");
        // Only a send's answer (201, ack, MCP result) says who it reaches (SPEC §13).
        copy.remove("recipients");
        return copy;
    }

    public static void assertSameMessage(JsonNode expected, JsonNode actual) {
        assertNotNull(actual);
        assertEquals(messageFields(expected), messageFields(actual), () -> "different copies of one message:\n  "
                + expected + "\n  " + actual);
    }
}
