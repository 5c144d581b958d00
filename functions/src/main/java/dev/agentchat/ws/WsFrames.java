package dev.agentchat.ws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.json.Views;
import dev.agentchat.json.WebhookViews;
import dev.agentchat.model.Recipients;
import dev.agentchat.model.LeaveReason;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.service.Presence;
import dev.agentchat.support.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The WebSocket frames of SPEC §5, each written once from the records it shows (errors: {@link WsErrors}). */
public final class WsFrames {
    /** API Gateway's limit on a frame pushed to a connection; {@code joined} and {@code watching} stay under it. */
    static final int MAX_FRAME_BYTES = 128 * 1024;

    private WsFrames() {
    }

    /**
     * A room event as the frame of its type: {@code message}, {@code agent_joined},
     * {@code agent_left} or {@code system}. Every one carries {@code seq} so clients can drop repeats.
     */
    public static String event(RoomEvent event) {
        ObjectNode frame = Json.object();
        switch (event.type()) {
            case MESSAGE -> Views.messageFields(frame.put("type", "message"), event);
            case JOIN -> frame.put("type", "agent_joined")
                    .put("agent_id", event.agentId()).put("name", event.fromName());
            case LEAVE -> frame.put("type", "agent_left")
                    .put("agent_id", event.agentId()).put("name", event.fromName())
                    .put("reason", event.reason() == null ? LeaveReason.LEFT.wire() : event.reason());
            case SYSTEM -> {
                Views.systemCode(frame.put("type", "system").put("content", event.content()), event);
            }
        }
        // A message frame has both already; putting them again keeps their place.
        frame.put("seq", event.seq());
        frame.put("timestamp", event.timestamp());
        return Json.write(frame);
    }

    /** The sender's acknowledgement: the message frame plus the client's own id for it and who it reaches. */
    public static String ack(RoomEvent message, String clientId, Recipients recipients) {
        ObjectNode frame = Views.messageFields(Json.object().put("type", "message"), message);
        if (clientId != null) {
            frame.put("client_id", clientId);
        }
        if (recipients != null) {
            frame.set("recipients", WebhookViews.recipients(recipients));
        }
        return Json.write(frame);
    }

    /** {@code has_more}: events after the last of {@code history} did not fit; join again with that {@code after_seq}. */
    public static String joined(RealtimeService.Joined joined) {
        ObjectNode frame = Json.object().put("type", "joined").put("agent_id", joined.member().agentId())
                .put("room", joined.roomId()).put("name", joined.member().name());
        frame.set("you", Views.you(joined.member()));
        frame.set("members", members(joined.agents()));
        return withHistory(frame, joined.history(), joined.member().agentId());
    }

    public static String watching(RealtimeService.Watching watching) {
        ObjectNode frame = Json.object().put("type", "watching").put("room", watching.roomId());
        frame.set("members", members(watching.agents()));
        return withHistory(frame, watching.history(), null);
    }

    /**
     * The answer to {@code leave}, the socket's last frame: {@code seq} is the leave event's, or
     * null when there was no presence to end.
     */
    public static String left(RealtimeService.Left left) {
        ObjectNode frame = Json.object().put("type", "left").put("agent_id", left.agentId());
        if (left.event() == null) {
            frame.putNull("seq");
        } else {
            frame.put("seq", left.event().seq()).put("timestamp", left.event().timestamp());
        }
        return Json.write(frame);
    }

    public static String ping() {
        return Json.write(Json.object().put("type", "ping"));
    }

    public static String pong() {
        return Json.write(Json.object().put("type", "pong"));
    }

    /**
     * Adds {@code history} and {@code has_more}, with as many events as keep the frame within API
     * Gateway's limit; the reader's own messages say {@code "own":true}.
     */
    private static String withHistory(ObjectNode frame, RealtimeService.History history, String readerId) {
        frame.set("history", Json.array());
        frame.put("has_more", false);
        int budget = MAX_FRAME_BYTES - bytes(Json.write(frame));
        List<RoomEvent> events = history.events();
        List<RoomEvent> fitting = events;
        boolean hasMore = history.hasMore();
        int used = 0;
        if (history.afterCursor()) {
            // The oldest first: the client joins again after the last one it got.
            for (int i = 0; i < events.size(); i++) {
                used += historyBytes(events.get(i), readerId);
                if (used > budget) {
                    fitting = events.subList(0, i);
                    hasMore = true;
                    break;
                }
            }
        } else {
            // The newest: nothing newer is missing, and older events are paged over REST (before_seq).
            int from = events.size();
            while (from > 0) {
                int size = historyBytes(events.get(from - 1), readerId);
                if (used + size > budget) {
                    break;
                }
                used += size;
                from--;
            }
            fitting = events.subList(from, events.size());
            hasMore = false;
        }
        frame.set("history", Views.messages(fitting, readerId));
        frame.put("has_more", hasMore);
        return Json.write(frame);
    }

    /** The bytes one event takes in a {@code history} array (with its separating comma). */
    private static int historyBytes(RoomEvent event, String readerId) {
        return bytes(Json.write(Views.message(event, readerId))) + 1;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static ArrayNode members(List<Presence.Agent> agents) {
        ArrayNode members = Json.array();
        agents.forEach(a -> members.add(Views.agent(a.member(), a.status())));
        return members;
    }
}
