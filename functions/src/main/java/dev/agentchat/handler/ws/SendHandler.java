package dev.agentchat.handler.ws;

import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code message}: a joined agent says something; it gets exactly one copy back, its ack. */
public final class SendHandler extends WsHandler {
    public SendHandler() {
        this(Wiring.shared().prepareForPushing().realtime());
    }

    public SendHandler(RealtimeService realtime) {
        super(realtime);
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        realtime.message(connectionId, frame.rawString("content"), frame.optionalString("client_id", 255));
    }
}
