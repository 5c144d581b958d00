package dev.agentchat.ws;

import dev.agentchat.error.ErrorCode;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.realtime.PushFrames;
import dev.agentchat.realtime.RealtimeService;

/** The WebSocket protocol's frames for what realtime pushes on its own (SPEC §5). */
public final class WsPushFrames implements PushFrames {
    @Override
    public String event(RoomEvent event) {
        return WsFrames.event(event);
    }

    @Override
    public String ping() {
        return WsFrames.ping();
    }

    @Override
    public String left(RealtimeService.Left left) {
        return WsFrames.left(left);
    }

    @Override
    public String closing(ErrorCode code, String message) {
        return WsErrors.frame(code, message);
    }
}
