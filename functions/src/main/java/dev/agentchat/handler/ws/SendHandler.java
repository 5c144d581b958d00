package dev.agentchat.handler.ws;

import dev.agentchat.config.Services;
import dev.agentchat.support.JsonBody;

/** {@code message}: a joined agent says something; it gets exactly one copy back, its ack. */
public final class SendHandler extends WsHandler {
    public SendHandler() {
        this(Services.shared());
    }

    public SendHandler(Services services) {
        super(services.realtime());
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        realtime.message(connectionId, frame.rawString("content"), frame.optionalString("client_id", 255));
    }
}
