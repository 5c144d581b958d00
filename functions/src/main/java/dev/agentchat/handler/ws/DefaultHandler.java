package dev.agentchat.handler.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.error.Refusal;
import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code $default}: a frame of no known type (or not JSON) gets a BAD_REQUEST error frame. */
public final class DefaultHandler extends WsHandler {
    public DefaultHandler() {
        this(Wiring.shared().prepareForPushing().realtime());
    }

    public DefaultHandler(RealtimeService realtime) {
        super(realtime);
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        // Even a frame we cannot serve shows the client is there.
        realtime.heard(connectionId);
        JsonNode type = frame.root().get("type");
        throw Refusal.badRequest(type == null || !type.isTextual()
                ? "Every frame needs a \"type\": join, message, watch, leave, ping or pong."
                : "Unknown frame type '" + type.asText() + "': use join, message, watch, leave, ping or pong.");
    }
}
