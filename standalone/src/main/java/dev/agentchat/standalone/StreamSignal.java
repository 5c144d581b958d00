package dev.agentchat.standalone;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Tells the stream pollers that the handlers just wrote, so an idle poller reads the stream now
 * instead of at its next tick. Lambda's event source polls on its own schedule; here every write
 * comes through this JVM's client, so a poller can be woken by it: the event reaches the fan-out
 * without waiting out a polling interval. A poller still polls on its interval when nobody
 * nudges it, so a missed nudge costs latency, never an event.
 */
final class StreamSignal {
    /** The calls that can append to the events table (a message's append is a transaction). */
    private static final Set<String> WRITES = Set.of("transactWriteItems", "executeTransaction", "putItem",
            "batchWriteItem");

    /** One poller's wake-up: a nudge that comes while it is busy is kept for its next wait. */
    static final class Waiter {
        private boolean nudged;

        private synchronized void nudge() {
            nudged = true;
            notifyAll();
        }

        /** Waits until nudged or {@code millis} have passed; returns at once if a nudge came since the last wait. */
        synchronized void await(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            long left;
            while (!nudged && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000L));
            }
            nudged = false;
        }
    }

    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    /** A waiter nobody nudges: its poller reads on its interval only. */
    static Waiter ticking() {
        return new Waiter();
    }

    /** A new waiter, nudged by every write from now on. */
    Waiter waiter() {
        Waiter waiter = new Waiter();
        waiters.add(waiter);
        return waiter;
    }

    void nudge() {
        for (Waiter waiter : waiters) {
            waiter.nudge();
        }
    }

    /** {@code db}, nudging after each write has returned (so after it is committed and on the stream). */
    DynamoDbClient nudgingAfterWrites(DynamoDbClient db) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(db, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (WRITES.contains(method.getName())) {
                nudge();
            }
            return result;
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
    }
}
