package dev.agentchat.handler.http;

import dev.agentchat.config.Services;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.Caller;
import dev.agentchat.service.MessageService;
import dev.agentchat.service.RateLimiter;
import dev.agentchat.service.ReadQuery;
import dev.agentchat.service.RoomAccess;

/** {@code GET /api/rooms/{room}/messages}: an agent (or the room's owner) reads and optionally long-polls the room; both are rate limited. */
public final class ReadMessagesHandler extends HttpHandler {
    private final RoomAccess access;
    private final MessageService messages;
    private final RateLimiter rateLimiter;
    private final int maxWaitSeconds;

    public ReadMessagesHandler() {
        this(Services.shared());
    }

    public ReadMessagesHandler(Services services) {
        this.access = services.roomAccess();
        this.messages = services.messages();
        this.rateLimiter = services.rateLimiter();
        this.maxWaitSeconds = services.config().limits().longPollMaxSeconds();
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        // The room's owner reads too (the web UI pages back through history).
        Caller reader = access.checkViewer(request.bearer(), roomId);
        ReadQuery query = ReadQuery.parse(request::query, maxWaitSeconds);
        // Rate limited by agent id, which a key gets when it is claimed: presence first.
        if (access.present(reader, roomId) instanceof Caller.Agent agent) {
            rateLimiter.checkRead(agent.member().agentId());
        } else if (reader instanceof Caller.Human human) {
            // Humans under the same limit: the UI reads a page per click, and an unlimited reader could keep workers busy.
            rateLimiter.checkRead(human.user().id());
        }
        return HttpResult.ok(messages.read(roomId, query));
    }
}
