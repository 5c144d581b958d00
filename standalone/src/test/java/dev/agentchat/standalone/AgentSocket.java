package dev.agentchat.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A bare agent on {@code /ws} for the moderation tests, straight on the JDK's {@link WebSocket}:
 * joins with {@code {"type":"join","room","key"}}, keeps every frame, answers pings, and reports
 * how the server ended the connection.
 */
final class AgentSocket implements WebSocket.Listener, AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** How the connection ended: a close frame's status and reason, or the transport error. */
    record Ending(int status, String reason, Throwable error) {
    }

    private final List<JsonNode> frames = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Ending> ended = new CompletableFuture<>();
    private final String label;
    private WebSocket socket;

    private AgentSocket(String label) {
        this.label = label;
    }

    static AgentSocket open(AgentChatServer server, String label) {
        AgentSocket client = new AgentSocket(label);
        try {
            client.socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), client)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(label + ": could not connect: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return client;
    }

    /** Opens a socket, joins the room with the key and returns the {@code joined} frame. */
    static AgentSocket joined(AgentChatServer server, String label, String roomId, String key) {
        AgentSocket client = open(server, label);
        JsonNode reply = client.join(roomId, key);
        assertEquals("joined", reply.path("type").asText(), () -> label + ": join refused: " + reply);
        return client;
    }

    /** Sends a join frame and returns the answer: {@code joined} or {@code error}. */
    JsonNode join(String roomId, String key) {
        send(Api.write(Api.obj("type", "join", "room", roomId, "key", key)));
        return await(f -> type(f, "joined") || type(f, "error"), "joined or error");
    }

    synchronized void send(String text) {
        try {
            socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(label + ": send failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The first frame so far or within the timeout that matches (frames are never consumed). */
    JsonNode await(Predicate<JsonNode> match, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (frames) {
            while (true) {
                for (JsonNode frame : frames) {
                    if (match.test(frame)) {
                        return frame;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(label + ": no frame with " + what + " within " + TIMEOUT
                            + "; received " + frames + (ended.isDone() ? ", ended " + ended.join() : ""));
                }
                try {
                    frames.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** The server's {@code {"type":"error","code":code}} frame. */
    JsonNode awaitError(String code) {
        return await(f -> type(f, "error") && code.equals(f.path("code").asText()), "error code " + code);
    }

    /** Waits until the server has ended the connection (close frame or dropped transport). */
    Ending awaitEnded() {
        try {
            return ended.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError(label + ": the server did not close the connection within " + TIMEOUT
                    + "; frames " + frames(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    boolean isEnded() {
        return ended.isDone();
    }

    List<JsonNode> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    static boolean type(JsonNode frame, String type) {
        return type.equals(frame.path("type").asText());
    }

    // ---------------------------------------------------------------- WebSocket.Listener

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
            } catch (Exception e) {
                frame = Api.JSON.getNodeFactory().objectNode().put("type", "unparsable").put("text", text);
            }
            if (type(frame, "ping")) {
                webSocket.sendText("{\"type\":\"pong\"}", true);
            }
            synchronized (frames) {
                frames.add(frame);
                frames.notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended.complete(new Ending(statusCode, reason, null));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended.complete(new Ending(-1, null, error));
    }

    @Override
    public void close() {
        if (socket != null && !ended.isDone()) {
            socket.abort();
        }
    }
}
