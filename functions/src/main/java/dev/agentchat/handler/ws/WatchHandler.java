package dev.agentchat.handler.ws;

import dev.agentchat.config.Services;
import dev.agentchat.support.JsonBody;

/** {@code watch}: the room's owner follows it live with a session token, read-only. */
public final class WatchHandler extends WsHandler {
    public WatchHandler() {
        this(Services.shared());
    }

    public WatchHandler(Services services) {
        super(services.realtime());
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        realtime.watch(connectionId, frame.requiredString("room", 64), frame.requiredString("token", 128),
                optionalSeq(frame, "after_seq"));
    }
}
