package dev.agentchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends one planned message from its agent, over REST ({@code POST …/messages}, confirmed by
 * the 201) or over the agent's WebSocket (a {@code message} frame with a client id, confirmed by
 * the ack), without waiting: what comes back is recorded on the message as it arrives.
 */
final class MessageSender {
    private final BenchHttp http;
    private final Rooms rooms;
    private final RunRecord record;
    private final int pad;

    MessageSender(BenchHttp http, Rooms rooms, RunRecord record, int pad) {
        this.http = http;
        this.rooms = rooms;
        this.record = record;
        this.pad = pad;
    }

    void send(SentMessage m) {
        AgentClient a = rooms.agent(m.room, m.sender);
        long sendNanos = System.nanoTime();
        String content = SentMessage.content(m.id, sendNanos, pad);
        m.sendNanos = sendNanos;
        if (m.rest) {
            overRest(m, a, content);
        } else {
            overWebSocket(m, a, content);
        }
    }

    private void overRest(SentMessage m, AgentClient a, String content) {
        String body = Json.object().put("content", content).toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.api + "/rooms/" + rooms.id(m.room) + "/messages"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + a.key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        int inFlight = record.restInFlight.incrementAndGet();
        record.maxRestInFlight.accumulateAndGet(inFlight, Math::max);
        http.rest.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            long now = System.nanoTime();
            if (record.acceptFrozen) {
                record.lateResponses.incrementAndGet();
                record.restInFlight.decrementAndGet();
                return;
            }
            try {
                if (error != null) {
                    m.failed = true;
                    restError("exception " + rootCause(error).getClass().getSimpleName(), m, String.valueOf(rootCause(error)));
                } else if (response.statusCode() == 201) {
                    JsonNode created = Json.MAPPER.readTree(response.body());
                    m.confirm(created.path("seq").asLong(-1), created.path("timestamp").asText(null), now);
                } else {
                    m.failed = true;
                    restError("HTTP " + response.statusCode() + " " + errorCode(response.body()), m, response.body());
                }
            } catch (Exception e) {
                m.failed = true;
                restError("client: " + e.getClass().getSimpleName(), m, String.valueOf(e));
            } finally {
                record.restInFlight.decrementAndGet();
            }
        });
    }

    private void overWebSocket(SentMessage m, AgentClient a, String content) {
        String frame = Json.object().put("type", "message").put("content", content).put("client_id", "c" + m.id)
                .toString();
        synchronized (a.pendingWs) {
            a.pendingWs.addLast(m.id);
        }
        a.send(frame).whenComplete((ws, error) -> {
            if (error != null) {
                m.failed = true;
                synchronized (a.pendingWs) {
                    a.pendingWs.remove(m.id);
                }
                record.wsErrors.count("WS send failed " + rootCause(error).getClass().getSimpleName());
            }
        });
    }

    private static String errorCode(String body) {
        try {
            return Json.MAPPER.readTree(body).path("error").path("code").asText("?");
        } catch (Exception notJson) {
            return "?";
        }
    }

    private void restError(String kind, SentMessage m, String detail) {
        record.restErrors.count(kind, "msg " + m.id + ": " + (detail.length() > 300 ? detail.substring(0, 300) : detail));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
