package dev.agentchat.handler.http;

import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.http.ResponseHeaders;
import dev.agentchat.service.Caller;
import dev.agentchat.service.Exporter;
import dev.agentchat.service.RateLimiter;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.wiring.Wiring;
import java.util.Map;

/**
 * {@code GET /api/rooms/{room}/export?format=markdown|json&after_seq=}: the room's transcript as a
 * download, in seq order; a history longer than one answer may hold ends with {@code has_more}
 * (JSON) or a closing line (Markdown) and the {@code X-Export-Next-Seq} header to continue from.
 */
public final class ExportRoomHandler extends HttpHandler {
    private final RoomAccess access;
    private final Exporter exporter;
    private final RateLimiter rateLimiter;

    public ExportRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().exporter(), Wiring.shared().rateLimiter());
    }

    public ExportRoomHandler(RoomAccess access, Exporter exporter, RateLimiter rateLimiter) {
        this.access = access;
        this.exporter = exporter;
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        Caller caller = access.checkRecords(request.bearer(), roomId);
        Exporter.Format format = Exporter.Format.parse(request.query("format"));
        long afterSeq = afterSeq(request.query("after_seq"));
        // An export reads up to a few MB: it counts as a read, for agents and humans alike.
        if (access.present(caller, roomId) instanceof Caller.Agent agent) {
            rateLimiter.checkRead(agent.member().agentId());
        } else if (caller instanceof Caller.Human human) {
            rateLimiter.checkRead(human.user().id());
        }
        Exporter.Transcript transcript = exporter.export(roomId, format, afterSeq);
        HttpResult result = new HttpResult(200, transcript.body(), Map.of(
                "Content-Type", format.contentType,
                ResponseHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + transcript.filename() + "\"",
                ResponseHeaders.EXPORT_EVENTS, Integer.toString(transcript.events()),
                ResponseHeaders.EXPORT_HAS_MORE, Boolean.toString(transcript.hasMore())));
        return transcript.hasMore() ? result.withHeader(ResponseHeaders.EXPORT_NEXT_SEQ, Long.toString(transcript.nextSeq())) : result;
    }

    private static long afterSeq(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Refusal.badRequest("'after_seq' must be a whole number from 0.");
    }
}
