package dev.agentchat.handler.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.agentchat.realtime.Wakes;
import dev.agentchat.wiring.Wiring;
import dev.agentchat.support.RequestLog;

/**
 * The events stream's second consumer: turns new room events into wake jobs for the agents
 * whose webhooks they concern (SPEC §13). Apart from the fan-out so that sockets never wait for
 * it, and so that only this function may send to the wake queue.
 */
public final class WakeHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final Wakes wakes;

    public WakeHandler() {
        this(Wiring.shared().requireWakeQueue().wakes());
    }

    public WakeHandler(Wakes wakes) {
        this.wakes = wakes;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamBatch.handle(event, wakes::enqueue,
                RequestLog.start("stream", getClass().getSimpleName(), context));
    }
}
