package dev.agentchat.handler.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpErrors;
import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.wiring.Wiring;
import java.util.Map;

/**
 * {@code $connect}: records the socket, and with {@code ?room=&key=} joins at once. A refused
 * join refuses the handshake with the error's HTTP status.
 */
public final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private final RealtimeService realtime;

    public ConnectHandler() {
        this(Wiring.shared().prepareForPushing().realtime());
    }

    public ConnectHandler(RealtimeService realtime) {
        this.realtime = realtime;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        try {
            realtime.connect(event.getRequestContext().getConnectionId(), query.get("room"), query.get("key"),
                    query.get("name"));
            response.setStatusCode(200);
        } catch (Refusal e) {
            // The handshake is an HTTP exchange: a refused join is answered like a refused request.
            response.setStatusCode(HttpErrors.status(e.code()));
            response.setBody(e.getMessage());
        }
        return response;
    }
}
