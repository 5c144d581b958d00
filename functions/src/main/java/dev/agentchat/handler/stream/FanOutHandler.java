package dev.agentchat.handler.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.agentchat.realtime.FanOut;
import dev.agentchat.store.EventStore;
import dev.agentchat.wiring.Wiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events table's stream consumer: pushes each new room event to the room's WebSocket
 * connections and reports the records it could not deliver as batch item failures.
 */
public final class FanOutHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(FanOutHandler.class);

    private final FanOut fanOut;

    public FanOutHandler() {
        this(Wiring.shared().prepareForPushing().fanOut());
    }

    public FanOutHandler(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<FanOut.Delivery> deliveries = new ArrayList<>();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            String id = record.getDynamodb().getSequenceNumber();
            // The event source filters to INSERTs already; this guards the standalone poller too.
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
        Set<String> failed = fanOut.deliver(deliveries);
        for (FanOut.Delivery delivery : deliveries) {
            if (failed.contains(delivery.recordId())) {
                failures.add(new StreamsEventResponse.BatchItemFailure(delivery.recordId()));
            }
        }
        return new StreamsEventResponse(failures);
    }
}
