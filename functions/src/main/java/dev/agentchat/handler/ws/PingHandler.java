package dev.agentchat.handler.ws;

import dev.agentchat.config.Services;
import dev.agentchat.support.JsonBody;

/** {@code ping} from a client: answered with {@code pong}. */
public final class PingHandler extends WsHandler {
    public PingHandler() {
        this(Services.shared());
    }

    public PingHandler(Services services) {
        super(services.realtime());
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        realtime.ping(connectionId);
    }
}
