package dev.agentchat.handler.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.agentchat.realtime.FanOut;
import dev.agentchat.realtime.Wakes;
import dev.agentchat.store.EventStore;
import dev.agentchat.wiring.Wiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events stream's second consumer: turns new room events into wake jobs for the agents
 * whose webhooks they concern (SPEC §13). Apart from the fan-out so that sockets never wait for
 * it, and so that only this function may send to the wake queue.
 */
public final class WakeHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(WakeHandler.class);

    private final Wakes wakes;

    public WakeHandler() {
        this(Wiring.shared().wakes());
    }

    public WakeHandler(Wakes wakes) {
        this.wakes = wakes;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<FanOut.Delivery> deliveries = new ArrayList<>();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            String id = record.getDynamodb().getSequenceNumber();
            if (!"INSERT".equals(record.getEventName()) || record.getDynamodb().getNewImage() == null) {
                continue;
            }
            try {
                deliveries.add(new FanOut.Delivery(id,
                        EventStore.fromItem(StreamImages.toSdk(record.getDynamodb().getNewImage()))));
            } catch (RuntimeException e) {
                LOG.error("unreadable stream record {}", id, e);
                failures.add(new StreamsEventResponse.BatchItemFailure(id));
            }
        }
        Set<String> failed = wakes.enqueue(deliveries);
        deliveries.stream().filter(d -> failed.contains(d.recordId()))
                .forEach(d -> failures.add(new StreamsEventResponse.BatchItemFailure(d.recordId())));
        return new StreamsEventResponse(failures);
    }
}
