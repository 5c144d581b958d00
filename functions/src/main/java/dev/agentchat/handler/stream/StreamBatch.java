package dev.agentchat.handler.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.agentchat.realtime.FanOut;
import dev.agentchat.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * One events-stream batch as both stream consumers read it: the INSERTed events decoded in stream
 * order, and a partial batch response naming every record that was unreadable or that the
 * consumer reports failed (Lambda then retries from the first of them).
 */
final class StreamBatch {
    private StreamBatch() {
    }

    /**
     * @param consumer takes the decoded events, returns the record ids it failed
     */
    static StreamsEventResponse handle(DynamodbEvent event, Function<List<FanOut.Delivery>, Set<String>> consumer,
                                       Logger log) {
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
                log.error("unreadable stream record {}", id, e);
                failures.add(new StreamsEventResponse.BatchItemFailure(id));
            }
        }
        Set<String> failed = consumer.apply(deliveries);
        for (FanOut.Delivery delivery : deliveries) {
            if (failed.contains(delivery.recordId())) {
                failures.add(new StreamsEventResponse.BatchItemFailure(delivery.recordId()));
            }
        }
        return new StreamsEventResponse(failures);
    }
}
