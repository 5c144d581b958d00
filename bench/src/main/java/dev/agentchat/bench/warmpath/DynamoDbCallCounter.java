package dev.agentchat.bench.warmpath;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts DynamoDB calls and the capacity units they consume, by operation, split into request
 * threads and background threads.
 *
 * <p>The SDK adds it to every {@code DynamoDbClient} built in the bench's JVM, because this
 * module lists it in {@code software/amazon/awssdk/services/dynamodb/execution.interceptors}: so
 * the standalone server's own client, built as the Lambdas build it, is counted without the
 * server handing its client out. The SDK constructs the interceptor itself, hence one tally per
 * JVM ({@link #tally()}) rather than one per instance.
 *
 * <p>Capacity: every request is sent with {@code ReturnConsumedCapacity=TOTAL} (the server never
 * asks for it, so nothing it reads changes) and the units the answer reports are added up; on an
 * on-demand table a read capacity unit is billed as one read request unit, a write unit as one
 * write request unit. Calls that fail (a lost conditional write) consume capacity too but report
 * none, so those are counted as calls only.
 */
public final class DynamoDbCallCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, DoubleAdder> READ_UNITS = new ConcurrentHashMap<>();
    private static final Map<String, DoubleAdder> WRITE_UNITS = new ConcurrentHashMap<>();
    private static final ExecutionAttribute<String> KEY = new ExecutionAttribute<>("agentchat.bench.key");

    /** Calls, read units and write units of one operation. */
    public record Usage(long calls, double readUnits, double writeUnits) {
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        // A waiter's cheap head checks apart from the strong reads, so the rest of a long-poll counts exactly.
        if (context.request() instanceof GetItemRequest get && Boolean.FALSE.equals(get.consistentRead())) {
            operation = operation + " (eventual)";
        }
        // A single write names its table: the rate-limit cell apart from presence (keys) and sockets.
        if (context.request() instanceof UpdateItemRequest update) {
            operation = operation + " " + shortName(update.tableName());
        }
        // Undertow's workers serve HTTP requests and the socket lanes WebSocket frames (each its own
        // Lambda on AWS); the stream poller and fan-out pool are the push path.
        String thread = Thread.currentThread().getName();
        String who = thread.startsWith("XNIO") || thread.startsWith("ws-lane") ? "" : "background ";
        String key = who + operation;
        attributes.putAttribute(KEY, key);
        COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.INDEXES;
        if (r instanceof GetItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof UpdateItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof PutItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof DeleteItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactWriteItemsRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactGetItemsRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchWriteItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchGetItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof ScanRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String key = attributes.getAttribute(KEY);
        if (key == null) {
            return;
        }
        // Single-item calls answer with one ConsumedCapacity, transactions and batches with a list.
        Optional<Object> field = context.response().getValueForField("ConsumedCapacity", Object.class);
        field.ifPresent(value -> {
            if (value instanceof ConsumedCapacity c) {
                add(key, c);
            } else if (value instanceof List<?> list) {
                list.forEach(c -> add(key, (ConsumedCapacity) c));
            }
        });
    }

    private static final Map<String, DoubleAdder> BY_TABLE = new ConcurrentHashMap<>();

    /** Capacity units since the last {@link #reset} by operation, table and index (the table's own share apart). */
    static Map<String, Double> byTable() {
        Map<String, Double> out = new TreeMap<>();
        BY_TABLE.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** A table's name without the deployment's prefix ({@code agentchat_limits} → {@code limits}). */
    private static String shortName(String table) {
        return table == null ? "?" : table.replaceFirst("^.*?_?([a-z]+)$", "$1");
    }

    private static void add(String key, ConsumedCapacity c) {
        String named = shortName(c.tableName());
        // A single write's key names its table already.
        String where = key.endsWith(" " + named) ? key : key + " " + named;
        if (c.table() != null && c.table().capacityUnits() != null) {
            BY_TABLE.computeIfAbsent(where, k -> new DoubleAdder()).add(c.table().capacityUnits());
        }
        if (c.globalSecondaryIndexes() != null) {
            c.globalSecondaryIndexes().forEach((name, cap) -> BY_TABLE.computeIfAbsent(where + " gsi " + name,
                    k -> new DoubleAdder()).add(cap.capacityUnits()));
        }
        if (c.localSecondaryIndexes() != null) {
            c.localSecondaryIndexes().forEach((name, cap) -> BY_TABLE.computeIfAbsent(where + " lsi " + name,
                    k -> new DoubleAdder()).add(cap.capacityUnits()));
        }
        // DynamoDB reports read and write units apart for transactions; a single read or write only the total.
        double read = c.readCapacityUnits() != null ? c.readCapacityUnits() : 0;
        double write = c.writeCapacityUnits() != null ? c.writeCapacityUnits() : 0;
        if (c.readCapacityUnits() == null && c.writeCapacityUnits() == null && c.capacityUnits() != null) {
            if (key.endsWith("GetItem") || key.endsWith("(eventual)") || key.endsWith("Query") || key.endsWith("Scan") || key.endsWith("GetItems")) {
                read = c.capacityUnits();
            } else {
                write = c.capacityUnits();
            }
        }
        READ_UNITS.computeIfAbsent(key, k -> new DoubleAdder()).add(read);
        WRITE_UNITS.computeIfAbsent(key, k -> new DoubleAdder()).add(write);
    }

    /** Forgets every call counted so far. */
    static void reset() {
        COUNTS.clear();
        READ_UNITS.clear();
        WRITE_UNITS.clear();
        BY_TABLE.clear();
    }

    /** Calls since the last {@link #reset}, by operation ({@code background } prefixed off request threads). */
    static Map<String, Long> tally() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Calls and capacity units since the last {@link #reset}, by operation. */
    static Map<String, Usage> usage() {
        Map<String, Usage> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, new Usage(v.sum(),
                READ_UNITS.containsKey(k) ? READ_UNITS.get(k).sum() : 0,
                WRITE_UNITS.containsKey(k) ? WRITE_UNITS.get(k).sum() : 0)));
        return out;
    }
}
