package dev.agentchat.handler.ws;

import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.service.MessageService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.support.Metric;
import dev.agentchat.support.Metrics;
import dev.agentchat.wiring.Wiring;
import dev.agentchat.ws.WsFrames;

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
        String content = frame.rawString("content");
        String clientId = frame.optionalString("client_id", 255);
        MessageService.Sent sent = realtime.message(connectionId, content, clientId);
        Metrics.process().sent(Metric.Transport.WS, sent.replayed());
        realtime.reply(connectionId, WsFrames.ack(sent.message(), clientId, sent.recipients()));
    }
}
