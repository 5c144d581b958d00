package dev.agentchat.handler.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.agentchat.realtime.FanOut;
import dev.agentchat.store.EventStore;
import dev.agentchat.support.RequestLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One events-stream batch as both stream consumers read it: the INSERTed events decoded in stream
 * order, and a partial batch response naming every record that was unreadable or that the
 * consumer reports failed (Lambda then retries from the first of them); one log line per batch.
 */
final class StreamBatch {
    private StreamBatch() {
    }

    /**
     * @param consumer takes the decoded events, returns the record ids it failed
     */
    static StreamsEventResponse handle(DynamodbEvent event, Function<List<FanOut.Delivery>, Set<String>> consumer,
                                       RequestLog.Entry log) {
        List<FanOut.Delivery> deliveries = new ArrayList<>();
        int unreadable = 0;
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
                // The first one's stack in the batch's line; every one is retried.
                log.failed(e).put("unreadable_record", id);
                unreadable++;
                failures.add(new StreamsEventResponse.BatchItemFailure(id));
            }
        }
        Set<String> failed;
        try {
            failed = consumer.apply(deliveries);
        } catch (RuntimeException e) {
            log.put("records", event.getRecords().size()).failed(e).finish(null, "INTERNAL");
            throw e;
        }
        for (FanOut.Delivery delivery : deliveries) {
            if (failed.contains(delivery.recordId())) {
                failures.add(new StreamsEventResponse.BatchItemFailure(delivery.recordId()));
            }
        }
        log.put("records", event.getRecords().size()).put("events", deliveries.size())
                .put("unreadable", unreadable).put("failed", failures.size()).finish(null, null);
        return new StreamsEventResponse(failures);
    }
}
