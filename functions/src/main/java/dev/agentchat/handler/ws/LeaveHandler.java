package dev.agentchat.handler.ws;

import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;
import dev.agentchat.ws.WsFrames;

/**
 * {@code leave}: the socket's agent leaves the room; it gets {@code left} as its last frame and
 * the socket closes. The key stays valid: a new socket may join again.
 */
public final class LeaveHandler extends WsHandler {
    public LeaveHandler() {
        this(Wiring.shared().prepareForPushing().realtime());
    }

    public LeaveHandler(RealtimeService realtime) {
        super(realtime);
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        RealtimeService.Left left = realtime.leave(connectionId);
        realtime.reply(connectionId, WsFrames.left(left));
        realtime.hangUp(connectionId);
    }
}
