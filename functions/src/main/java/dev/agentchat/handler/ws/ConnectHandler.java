package dev.agentchat.handler.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpErrors;
import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.support.RequestLog;
import dev.agentchat.wiring.Wiring;
import dev.agentchat.ws.WsOrigins;
import java.util.Map;

/**
 * {@code $connect}: records the socket, and with {@code ?room=&key=} joins at once. A refused
 * join refuses the handshake with the error's HTTP status, and so does a browser on a page
 * that is not the web UI's (403).
 */
public final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private final RealtimeService realtime;
    private final WsOrigins origins;

    public ConnectHandler() {
        // Not prepared for pushing: no frame can go out before the handshake ends, so a connect
        // pushes only when it replaces its key's older socket; building the Management API client
        // at init would add a second SDK client to every cold connect for that rare case.
        this(Wiring.shared().realtime(), new WsOrigins(Wiring.shared().config()));
    }

    public ConnectHandler(RealtimeService realtime, WsOrigins origins) {
        this.realtime = realtime;
        this.origins = origins;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        RequestLog.Entry log = WsHandler.start(getClass().getSimpleName(), event, context).put("room_id", query.get("room"));
        if (!origins.allows(header(event, "origin"))) {
            response.setStatusCode(403);
            response.setBody("WebSockets from this page's origin are not accepted; connect from the AgentChat UI"
                    + " or from a client that is not a browser.");
            log.finish(403, "FORBIDDEN");
            return response;
        }
        String errorCode = null;
        try {
            realtime.connect(event.getRequestContext().getConnectionId(), query.get("room"), query.get("key"),
                    query.get("name"));
            response.setStatusCode(200);
        } catch (Refusal e) {
            // The handshake is an HTTP exchange: a refused join is answered like a refused request.
            response.setStatusCode(HttpErrors.status(e.code()));
            response.setBody(e.getMessage());
            errorCode = e.code().name();
        } catch (RuntimeException e) {
            // API Gateway answers the handshake 500 itself; the failure is logged here, in the one entry.
            log.failed(e).finish(500, "INTERNAL");
            throw e;
        }
        log.finish(response.getStatusCode(), errorCode);
        return response;
    }

    private static String header(APIGatewayV2WebSocketEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
