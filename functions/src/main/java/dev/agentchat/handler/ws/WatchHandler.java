package dev.agentchat.handler.ws;

import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;
import dev.agentchat.ws.WsFrames;

/** {@code watch}: the room's owner follows it live with a session token, read-only. */
public final class WatchHandler extends WsHandler {
    public WatchHandler() {
        this(Wiring.shared().prepareForPushing().realtime());
    }

    public WatchHandler(RealtimeService realtime) {
        super(realtime);
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        realtime.watch(connectionId, frame.requiredString("room", 64), frame.requiredString("token", 128),
                optionalSeq(frame, "after_seq"))
                .ifPresent(watching -> realtime.reply(connectionId, WsFrames.watching(watching)));
    }
}
