package dev.agentchat.standalone;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.agentchat.support.RequestLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Plays Lambda's DynamoDB event source for the events table: reads the stream with the real
 * streams API, keeps INSERTs (the same filter the CDK event source sets), and hands the stream
 * handler {@link DynamodbEvent} batches. Records the handler reports as failed are retried, from
 * the first failed one on and in order, a bounded number of times (Lambda's retry attempts).
 */
final class StreamPoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);
    private static final int BATCH_SIZE = 100;
    private static final int MAX_RETRIES = 3;
    /** How long an idle poller waits for a nudge ({@link StreamSignal}) before it reads the stream anyway. */
    private static final long IDLE_SLEEP_MILLIS = 10;
    private static final long SHARD_REFRESH_MILLIS = 2_000;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final RequestLog.Sink log;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Set<String> finishedShards = new HashSet<>();
    private final Map<String, String> lastSequence = new HashMap<>();
    private final StreamSignal.Waiter nudges;
    private volatile boolean running = true;
    private long lastShardRefresh;

    StreamPoller(DynamoDbStreamsClient streams, String streamArn,
                 RequestHandler<DynamodbEvent, StreamsEventResponse> handler, StreamSignal.Waiter nudges,
                 RequestLog.Sink log) {
        this.nudges = nudges;
        this.log = log;
        this.streams = streams;
        this.streamArn = streamArn;
        this.handler = handler;
        refreshShards();
        skipBacklog();
    }

    /**
     * Reads past what the stream already holds without delivering it: those events were written
     * before this start, when no socket could be listening. (A LATEST iterator would do the same,
     * but DynamoDB Local answers it with TrimmedDataAccessException on a young shard.)
     */
    private void skipBacklog() {
        for (Map.Entry<String, String> shard : new ArrayList<>(iterators.entrySet())) {
            String iterator = shard.getValue();
            for (int page = 0; page < 10_000 && iterator != null; page++) {
                GetRecordsResponse response = readPage(shard.getKey(), iterator);
                iterator = response.nextShardIterator();
                if (!response.hasRecords() || response.records().isEmpty()) {
                    break;
                }
            }
            advance(shard.getKey(), iterator);
        }
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                boolean delivered = pollOnce();
                if (!delivered) {
                    nudges.await(IDLE_SLEEP_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("stream poll failed; retrying", e);
                    sleepQuietly(500);
                }
            }
        }
    }

    private boolean pollOnce() {
        if (System.currentTimeMillis() - lastShardRefresh > SHARD_REFRESH_MILLIS) {
            refreshShards();
        }
        boolean any = false;
        for (Map.Entry<String, String> shard : new ArrayList<>(iterators.entrySet())) {
            GetRecordsResponse page = readPage(shard.getKey(), shard.getValue());
            advance(shard.getKey(), page.nextShardIterator());
            List<DynamodbEvent.DynamodbStreamRecord> batch = new ArrayList<>();
            for (Record record : page.records()) {
                if ("INSERT".equals(record.eventNameAsString())) {
                    batch.add(toLambdaRecord(record));
                }
            }
            if (!page.records().isEmpty()) {
                lastSequence.put(shard.getKey(), page.records().get(page.records().size() - 1).dynamodb().sequenceNumber());
            }
            if (!batch.isEmpty()) {
                deliver(batch);
                any = true;
            }
        }
        return any;
    }

    private void deliver(List<DynamodbEvent.DynamodbStreamRecord> batch) {
        List<DynamodbEvent.DynamodbStreamRecord> pending = batch;
        for (int attempt = 0; attempt <= MAX_RETRIES && !pending.isEmpty(); attempt++) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(pending);
            StreamsEventResponse response = handler.handleRequest(event, new LocalContext("stream-" + attempt, log));
            Set<String> failed = new HashSet<>();
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
            int first = -1;
            for (int i = 0; i < pending.size() && first < 0; i++) {
                if (failed.contains(pending.get(i).getDynamodb().getSequenceNumber())) {
                    first = i;
                }
            }
            pending = first < 0 ? List.of() : new ArrayList<>(pending.subList(first, pending.size()));
        }
        if (!pending.isEmpty()) {
            // Lambda would send these to the on-failure destination; here they are logged.
            LOG.error("giving up on {} stream records from seq {}", pending.size(),
                    pending.get(0).getDynamodb().getSequenceNumber());
        }
    }

    private GetRecordsResponse readPage(String shardId, String iterator) {
        try {
            return streams.getRecords(r -> r.shardIterator(iterator).limit(BATCH_SIZE));
        } catch (TrimmedDataAccessException | ExpiredIteratorException e) {
            // Resume right after the last record seen in this shard (or from its start).
            String last = lastSequence.get(shardId);
            String fresh = streams.getShardIterator(r -> {
                r.streamArn(streamArn).shardId(shardId);
                if (last == null) {
                    r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last);
                }
            }).shardIterator();
            return streams.getRecords(r -> r.shardIterator(fresh).limit(BATCH_SIZE));
        }
    }

    private void advance(String shardId, String nextIterator) {
        if (nextIterator == null) {
            iterators.remove(shardId);
            finishedShards.add(shardId);
        } else {
            iterators.put(shardId, nextIterator);
        }
    }

    private void refreshShards() {
        lastShardRefresh = System.currentTimeMillis();
        String start = null;
        do {
            String from = start;
            var description = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(from))
                    .streamDescription();
            for (Shard shard : description.shards()) {
                String id = shard.shardId();
                if (!iterators.containsKey(id) && !finishedShards.contains(id)) {
                    String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(id)
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                    iterators.put(id, iterator);
                }
            }
            start = description.lastEvaluatedShardId();
        } while (start != null);
    }

    private static DynamodbEvent.DynamodbStreamRecord toLambdaRecord(Record record) {
        StreamRecord dynamodb = new StreamRecord();
        dynamodb.setSequenceNumber(record.dynamodb().sequenceNumber());
        dynamodb.setKeys(toLambda(record.dynamodb().keys()));
        dynamodb.setNewImage(toLambda(record.dynamodb().newImage()));
        dynamodb.setStreamViewType(record.dynamodb().streamViewTypeAsString() == null ? null
                : com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
                        record.dynamodb().streamViewTypeAsString()));
        dynamodb.setSizeBytes(record.dynamodb().sizeBytes());
        if (record.dynamodb().approximateCreationDateTime() != null) {
            dynamodb.setApproximateCreationDateTime(java.util.Date.from(record.dynamodb().approximateCreationDateTime()));
        }
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(record.eventID());
        out.setEventName(record.eventNameAsString());
        out.setEventSource("aws:dynamodb");
        out.setEventVersion(record.eventVersion());
        out.setAwsRegion(record.awsRegion());
        out.setDynamodb(dynamodb);
        return out;
    }

    private static Map<String, AttributeValue> toLambda(
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> image) {
        if (image == null) {
            return null;
        }
        Map<String, AttributeValue> out = new HashMap<>();
        image.forEach((k, v) -> out.put(k, toLambda(v)));
        return out;
    }

    private static AttributeValue toLambda(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        AttributeValue out = new AttributeValue();
        if (v.s() != null) {
            out.setS(v.s());
        } else if (v.n() != null) {
            out.setN(v.n());
        } else if (v.bool() != null) {
            out.setBOOL(v.bool());
        } else if (v.nul() != null) {
            out.setNULL(v.nul());
        } else if (v.hasSs()) {
            out.setSS(v.ss());
        } else if (v.hasNs()) {
            out.setNS(v.ns());
        } else if (v.hasM()) {
            out.setM(toLambda(v.m()));
        } else if (v.hasL()) {
            out.setL(v.l().stream().map(StreamPoller::toLambda).toList());
        }
        return out;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
