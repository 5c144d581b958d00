package dev.agentchat.handler.ws;

import dev.agentchat.config.Services;
import dev.agentchat.support.JsonBody;

/** {@code pong}: the answer to the sweeper's ping; keeps the connection alive. */
public final class PongHandler extends WsHandler {
    public PongHandler() {
        this(Services.shared());
    }

    public PongHandler(Services services) {
        super(services.realtime());
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        realtime.pong(connectionId);
    }
}
