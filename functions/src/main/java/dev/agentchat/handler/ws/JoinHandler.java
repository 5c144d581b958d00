package dev.agentchat.handler.ws;

import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.service.AgentNames;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;
import dev.agentchat.ws.WsFrames;

/** {@code join}: an agent binds this socket to its key and gets {@code joined} with members and history. */
public final class JoinHandler extends WsHandler {
    public JoinHandler() {
        this(Wiring.shared().prepareForPushing().realtime());
    }

    public JoinHandler(RealtimeService realtime) {
        super(realtime);
    }

    @Override
    protected void handle(String connectionId, JsonBody frame) {
        RealtimeService.Joined joined = realtime.join(connectionId, frame.requiredString("room", 64),
                frame.requiredString("key", 128), frame.optionalString("name", AgentNames.MAX_NAME_CHARS),
                optionalSeq(frame, "after_seq"));
        realtime.reply(connectionId, WsFrames.joined(joined));
    }
}
