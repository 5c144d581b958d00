package dev.agentchat.handler.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.support.RequestLog;
import dev.agentchat.wiring.Wiring;

/** {@code $disconnect}: forgets the socket and, if it was its agent's current one, announces the leave. */
public final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private final RealtimeService realtime;

    public DisconnectHandler() {
        this(Wiring.shared().prepareForPushing().realtime());
    }

    public DisconnectHandler(RealtimeService realtime) {
        this.realtime = realtime;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        RequestLog.Entry log = WsHandler.start(getClass().getSimpleName(), event, context);
        try {
            realtime.disconnect(event.getRequestContext().getConnectionId());
        } catch (RuntimeException e) {
            log.failed(e).finish(500, "INTERNAL");
            throw e;
        }
        log.finish(200, null);
        return WsHandler.ok();
    }
}
