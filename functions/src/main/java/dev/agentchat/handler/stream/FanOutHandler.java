package dev.agentchat.handler.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.agentchat.realtime.FanOut;
import dev.agentchat.wiring.Wiring;
import dev.agentchat.support.RequestLog;

/**
 * The events table's stream consumer: pushes each new room event to the room's WebSocket
 * connections and reports the records it could not deliver as batch item failures.
 */
public final class FanOutHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final FanOut fanOut;

    public FanOutHandler() {
        this(Wiring.shared().prepareForPushing().fanOut());
    }

    public FanOutHandler(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamBatch.handle(event, fanOut::deliver,
                RequestLog.start("stream", getClass().getSimpleName(), context));
    }
}
