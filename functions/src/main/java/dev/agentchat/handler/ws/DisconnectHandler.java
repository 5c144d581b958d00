package dev.agentchat.handler.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.agentchat.config.Services;
import dev.agentchat.realtime.RealtimeService;

/** {@code $disconnect}: forgets the socket and, if it was its agent's current one, announces the leave. */
public final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private final RealtimeService realtime;

    public DisconnectHandler() {
        this(Services.shared());
    }

    public DisconnectHandler(Services services) {
        this.realtime = services.realtime();
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        realtime.disconnect(event.getRequestContext().getConnectionId());
        return WsHandler.ok();
    }
}
