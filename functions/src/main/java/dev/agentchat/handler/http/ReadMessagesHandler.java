package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.Caller;
import dev.agentchat.service.MessageService;
import dev.agentchat.service.RateLimiter;
import dev.agentchat.service.ReadFilter;
import dev.agentchat.service.ReadQuery;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.Search;
import dev.agentchat.wiring.Wiring;

/**
 * {@code GET /api/rooms/{room}/messages}: an agent (or the room's owner) reads and optionally long-polls
 * the room, or with {@code q}/{@code from} searches it (newest first); all are rate limited.
 */
public final class ReadMessagesHandler extends HttpHandler {
    private final RoomAccess access;
    private final MessageService messages;
    private final RateLimiter rateLimiter;
    private final int maxWaitSeconds;
    private final Search search;

    public ReadMessagesHandler() {
        this(Wiring.shared().roomAccess(),
                Wiring.shared().messages(),
                Wiring.shared().rateLimiter(),
                Wiring.shared().config().limits().longPollMaxSeconds(),
                Wiring.shared().search());
    }

    public ReadMessagesHandler(RoomAccess access, MessageService messages, RateLimiter rateLimiter, int maxWaitSeconds,
                               Search search) {
        this.search = search;
        this.access = access;
        this.messages = messages;
        this.rateLimiter = rateLimiter;
        this.maxWaitSeconds = maxWaitSeconds;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        // The room's owner reads too (the web UI pages back through history).
        Caller reader = access.checkViewer(request.bearer(), roomId);
        Search.Query search = Search.parse(request::query);
        ReadQuery query = search == null ? ReadQuery.parse(request::query, maxWaitSeconds) : null;
        ReadFilter filter = search == null ? ReadFilter.parse(request::query) : null;
        // Rate limited by agent id, which a key gets when it is claimed: presence first.
        Caller present = access.present(reader, roomId);
        if (present instanceof Caller.Agent agent) {
            rateLimiter.checkRead(agent.member().agentId());
        } else if (reader instanceof Caller.Human human) {
            // Humans under the same limit: the UI reads a page per click, and an unlimited reader could keep workers busy.
            rateLimiter.checkRead(human.user().id());
        }
        String readerId = present instanceof Caller.Agent agent ? agent.member().agentId()
                : ((Caller.Human) present).user().id();
        if (search != null) {
            Search.Result found = this.search.search(roomId, search);
            return HttpResult.ok(Views.searchPage(found.hits(), found.hasMore(), found.nextBeforeSeq(), found.scanned(),
                    readerId));
        }
        // A long-poll stops when its caller may no longer read (signed out, key revoked, kicked); an agent's
        // check reads its key and room strongly, refusing a room being deleted, as the wake-up must.
        Caller.Agent agent = present instanceof Caller.Agent a ? a : null;
        MessageService.Page page = messages.read(roomId, query, filter, new MessageService.Reader(readerId,
                agent == null ? null : agent.room(), () -> access.checkViewer(request.bearer(), roomId), agent != null));
        ObjectNode body = Views.page(page.messages(), page.hasMore(), page.nextSince(), page.nextSeq(), readerId);
        if (agent != null) {
            body.set("you", Views.you(agent.member()));
        }
        return HttpResult.ok(body);
    }
}
