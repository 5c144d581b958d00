package dev.agentchat.bench.warmpath;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts DynamoDB calls by operation, split into request threads and background threads.
 *
 * <p>The SDK adds it to every {@code DynamoDbClient} built in the bench's JVM, because this
 * module lists it in {@code software/amazon/awssdk/services/dynamodb/execution.interceptors}: so
 * the standalone server's own client, built as the Lambdas build it, is counted without the
 * server handing its client out. The SDK constructs the interceptor itself, hence one tally per
 * JVM ({@link #tally()}) rather than one per instance.
 */
public final class DynamoDbCallCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        // Undertow's workers are the request; the stream poller and fan-out pool are the push path.
        String who = Thread.currentThread().getName().startsWith("XNIO") ? "" : "background ";
        COUNTS.computeIfAbsent(who + operation, k -> new LongAdder()).increment();
    }

    /** Forgets every call counted so far. */
    static void reset() {
        COUNTS.clear();
    }

    /** Calls since the last {@link #reset}, by operation ({@code background } prefixed off request threads). */
    static Map<String, Long> tally() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
