package dev.agentchat.handler.ws;

import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;
import dev.agentchat.ws.WsFrames;

/** {@code ping} from a client: answered with {@code pong}; like any frame, it keeps the socket alive. */
public final class PingHandler extends WsHandler {
    public PingHandler() {
        this(Wiring.shared().prepareForPushing().realtime());
    }

    public PingHandler(RealtimeService realtime) {
        super(realtime);
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        realtime.heard(connectionId);
        realtime.reply(connectionId, WsFrames.pong());
    }
}
