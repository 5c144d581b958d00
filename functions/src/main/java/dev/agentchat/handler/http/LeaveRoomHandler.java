package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.Member;
import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/**
 * {@code POST /api/rooms/{room}/leave}: the agent leaves (a leave event with reason {@code left};
 * its socket, if any, is closed). The key stays valid: its next call or join brings it back.
 */
public final class LeaveRoomHandler extends HttpHandler {
    private final RoomAccess access;
    private final RealtimeService realtime;

    public LeaveRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().prepareForPushing().realtime());
    }

    public LeaveRoomHandler(RoomAccess access, RealtimeService realtime) {
        this.access = access;
        this.realtime = realtime;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        // Checked, not made present: leaving must not first announce a return.
        Member member = access.checkRestAgent(request.bearer(), request.pathParam("room"));
        RealtimeService.Left left = realtime.leave(member);
        ObjectNode body = Json.object().put("ok", true).put("agent_id", left.agentId()).put("status", "disconnected");
        if (left.event() == null) {
            body.putNull("seq");
        } else {
            body.put("seq", left.event().seq());
        }
        return HttpResult.ok(body);
    }
}
