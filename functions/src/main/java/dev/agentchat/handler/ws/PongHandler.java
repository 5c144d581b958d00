package dev.agentchat.handler.ws;

import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code pong}: the answer to the sweeper's ping; keeps the connection alive. */
public final class PongHandler extends WsHandler {
    public PongHandler() {
        this(Wiring.shared().prepareForPushing().realtime());
    }

    public PongHandler(RealtimeService realtime) {
        super(realtime);
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        realtime.pong(connectionId);
    }
}
