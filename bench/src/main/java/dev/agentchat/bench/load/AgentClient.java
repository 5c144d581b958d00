package dev.agentchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One agent of the bench: its key, its WebSocket, and what it received (guarded by itself):
 * which messages, with what latency, and how many came twice, out of order or from elsewhere.
 */
final class AgentClient implements WebSocket.Listener {
    final int room;
    final int index;
    final String key;
    final String label;
    volatile String agentId;
    volatile WebSocket ws;
    final CompletableFuture<Void> joined = new CompletableFuture<>();
    private final RunRecord record;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private final StringBuilder partial = new StringBuilder();
    /** Ids of this agent's WebSocket sends not yet answered, oldest first. */
    final ArrayDeque<Integer> pendingWs = new ArrayDeque<>();
    // Received deliveries, in arrival order (touched under synchronized(this)).
    int[] deliveredIds = new int[256];
    long[] latencyNanos = new long[256];
    int deliveries;
    final Set<Long> seenSeqs = new HashSet<>();
    long maxSeq = -1;
    int duplicates;
    int outOfOrder;
    int foreign;

    AgentClient(int room, int index, String key, RunRecord record) {
        this.room = room;
        this.index = index;
        this.key = key;
        this.label = "r" + room + "-a" + index;
        this.record = record;
    }

    /** WebSocket sends may not overlap: chain them per socket. */
    CompletableFuture<?> send(String text) {
        synchronized (sendLock()) {
            CompletableFuture<?> next = sendChain.handle((r, e) -> null)
                    .thenCompose(x -> ws.sendText(text, true));
            sendChain = next;
            return next;
        }
    }

    private Object sendLock() {
        return partial; // a private object distinct from the receive-side monitor
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        if (record.frozen) {
            // The report is being computed: what arrives now is counted as late, not delivered.
            if (last) {
                record.lateFrames.incrementAndGet();
            }
            webSocket.request(1);
            return null;
        }
        String text;
        if (!last || partial.length() > 0) {
            synchronized (partial) {
                partial.append(data);
                if (!last) {
                    webSocket.request(1);
                    return null;
                }
                text = partial.toString();
                partial.setLength(0);
            }
        } else {
            text = data.toString();
        }
        try {
            onFrame(now, Json.MAPPER.readTree(text));
        } catch (Exception e) {
            record.wsErrors.count("client: unparsable frame (" + e.getClass().getSimpleName() + ")");
        }
        webSocket.request(1);
        return null;
    }

    private void onFrame(long now, JsonNode frame) {
        String type = frame.path("type").asText("");
        switch (type) {
            case "message" -> {
                if (frame.hasNonNull("client_id")) {
                    onAck(now, frame);
                } else {
                    onMessage(now, frame);
                }
            }
            case "joined" -> {
                agentId = frame.path("agent_id").asText(null);
                joined.complete(null);
            }
            case "ping" -> send("{\"type\":\"pong\"}");
            case "error" -> onErrorFrame(frame);
            default -> {
                // agent_joined / agent_left / system / pong: not measured
            }
        }
    }

    private void onErrorFrame(JsonNode frame) {
        String code = frame.path("code").asText("?");
        if (!joined.isDone()) {
            joined.completeExceptionally(new IllegalStateException(label + " join refused: " + frame));
        }
        // The server answers each message frame of a socket in order, with an ack or an
        // error; an error frame carries no client_id, so it belongs to the oldest open send.
        Integer id;
        synchronized (pendingWs) {
            id = pendingWs.pollFirst();
        }
        String kind = "WS error " + code + (id == null ? " (not tied to a send)" : "");
        if (id != null && !record.acceptFrozen) {
            record.messages[id].failed = true;
        }
        record.wsErrors.count(kind, label + (id == null ? "" : " msg " + id) + ": " + frame);
    }

    private void onAck(long now, JsonNode frame) {
        String clientId = frame.path("client_id").asText("");
        if (!clientId.startsWith("c")) {
            return;
        }
        int id;
        try {
            id = Integer.parseInt(clientId.substring(1));
        } catch (NumberFormatException e) {
            return;
        }
        SentMessage m = record.byId(id);
        if (m == null) {
            return;
        }
        synchronized (pendingWs) {
            pendingWs.remove(id);
        }
        if (record.acceptFrozen) {
            record.lateAcks.incrementAndGet();
            return;
        }
        m.confirm(frame.path("seq").asLong(-1), frame.path("timestamp").asText(null), now);
    }

    private void onMessage(long now, JsonNode frame) {
        long seq = frame.path("seq").asLong(-1);
        SentMessage m = record.byId(SentMessage.idIn(frame.path("content").asText("")));
        synchronized (this) {
            if (m == null) {
                foreign++;
                return;
            }
            if (!seenSeqs.add(seq)) {
                duplicates++;
                return;
            }
            if (seq < maxSeq) {
                outOfOrder++;
            }
            maxSeq = Math.max(maxSeq, seq);
            if (deliveries == deliveredIds.length) {
                deliveredIds = Arrays.copyOf(deliveredIds, deliveries * 2);
                latencyNanos = Arrays.copyOf(latencyNanos, deliveries * 2);
            }
            deliveredIds[deliveries] = m.id;
            latencyNanos[deliveries] = now - m.sendNanos;
            deliveries++;
        }
        m.noteStamp(frame.path("timestamp").asText(null));
        if (m.room != room || m.sender == index) {
            record.misrouted.incrementAndGet();
        }
        m.delivered.incrementAndGet();
        record.lastDeliveryNanos.accumulateAndGet(now, Math::max);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!record.closing) {
            record.wsErrors.count("WS closed by server (" + statusCode + " " + reason + ")");
        }
        joined.completeExceptionally(new IllegalStateException(label + " closed: " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        record.wsErrors.count("WS client error " + error.getClass().getSimpleName());
        joined.completeExceptionally(error);
    }
}
