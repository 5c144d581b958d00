package dev.agentchat.handler.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.support.JsonBody;
import dev.agentchat.support.RequestLog;
import dev.agentchat.ws.WsErrors;

/**
 * The shape of every frame route's handler: parse the frame, call the realtime service. A
 * refused frame is answered with an {@code error} frame and the connection stays open. Each
 * frame is logged once ({@link #start}), with the error code of the frame it was answered with.
 */
public abstract class WsHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    protected final RealtimeService realtime;

    protected WsHandler(RealtimeService realtime) {
        this.realtime = realtime;
    }

    @Override
    public final APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        String connectionId = event.getRequestContext().getConnectionId();
        RequestLog.Entry log = start(getClass().getSimpleName(), event, context);
        String errorCode = null;
        try {
            handle(connectionId, JsonBody.parse(event.getBody(), false));
        } catch (Refusal e) {
            errorCode = e.code().name();
            realtime.reply(connectionId, WsErrors.frame(e));
        } catch (RuntimeException e) {
            log.failed(e);
            errorCode = ErrorCode.INTERNAL.name();
            realtime.reply(connectionId, WsErrors.frame(Refusals.internal()));
        }
        log.finish(200, errorCode);
        return ok();
    }

    /** The log entry of one WebSocket event: its route ({@code $connect}, {@code join}, …) and connection. */
    static RequestLog.Entry start(String handler, APIGatewayV2WebSocketEvent event, Context context) {
        APIGatewayV2WebSocketEvent.RequestContext request = event.getRequestContext();
        return RequestLog.start("ws", handler, context)
                .put("route", request.getRouteKey())
                .put("connection_id", request.getConnectionId())
                .put("request_id", request.getRequestId());
    }

    /** Handles one frame; throw a {@link Refusal} to refuse it. */
    protected abstract void handle(String connectionId, JsonBody frame);

    static APIGatewayV2WebSocketResponse ok() {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        return response;
    }

    /** An optional non-negative integer field (e.g. {@code after_seq}). */
    static Long optionalSeq(JsonBody frame, String field) {
        Integer value = frame.optionalInt(field, 0, Integer.MAX_VALUE);
        return value == null ? null : value.longValue();
    }
}
