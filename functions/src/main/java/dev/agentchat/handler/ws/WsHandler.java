package dev.agentchat.handler.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.ws.WsErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of every frame route's handler: parse the frame, call the realtime service. A
 * refused frame is answered with an {@code error} frame and the connection stays open.
 */
public abstract class WsHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(WsHandler.class);

    protected final RealtimeService realtime;

    protected WsHandler(RealtimeService realtime) {
        this.realtime = realtime;
    }

    @Override
    public final APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        String connectionId = event.getRequestContext().getConnectionId();
        try {
            handle(connectionId, JsonBody.parse(event.getBody(), false));
        } catch (Refusal e) {
            realtime.reply(connectionId, WsErrors.frame(e));
        } catch (RuntimeException e) {
            LOG.error("{} failed on connection {}", getClass().getSimpleName(), connectionId, e);
            realtime.reply(connectionId, WsErrors.frame(Refusals.internal()));
        }
        return ok();
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
