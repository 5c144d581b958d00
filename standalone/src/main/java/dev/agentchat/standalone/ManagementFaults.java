package dev.agentchat.standalone;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures the emulated Management API answers instead of delivering, chosen per connection id:
 * for fault tests of the fan-out path (API Gateway answering 500, throttling with 429, or 410
 * for a connection it no longer has). Off until a test arms a connection; with nothing armed
 * the emulator's check is one lookup in an empty map.
 */
public final class ManagementFaults {

    /** An answer of the real Management API, with the error type its SDK client reads. */
    public enum Fault {
        INTERNAL_ERROR(500, "InternalServerErrorException"),
        THROTTLED(429, "LimitExceededException"),
        GONE(410, "GoneException");

        final int status;
        final String errorType;

        Fault(int status, String errorType) {
            this.status = status;
            this.errorType = errorType;
        }
    }

    private record Rule(Fault fault, AtomicInteger remaining) {
    }

    private static final int ALWAYS = -1;

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();

    /** The connection's next {@code times} PostToConnection calls get the fault. */
    public void fail(String connectionId, Fault fault, int times) {
        rules.put(connectionId, new Rule(fault, new AtomicInteger(times)));
    }

    /** Every PostToConnection call for the connection gets the fault, until {@link #clear()}. */
    public void failAlways(String connectionId, Fault fault) {
        rules.put(connectionId, new Rule(fault, new AtomicInteger(ALWAYS)));
    }

    public void clear() {
        rules.clear();
        injected.clear();
    }

    /** How many calls for the connection were answered with a fault so far. */
    public int injected(String connectionId) {
        AtomicInteger count = injected.get(connectionId);
        return count == null ? 0 : count.get();
    }

    /** The fault to answer this PostToConnection call with, or null to deliver it. */
    Fault next(String connectionId) {
        if (rules.isEmpty()) {
            return null;
        }
        Rule rule = rules.get(connectionId);
        if (rule == null || rule.remaining().getAndUpdate(n -> n > 0 ? n - 1 : n) == 0) {
            return null;
        }
        injected.computeIfAbsent(connectionId, id -> new AtomicInteger()).incrementAndGet();
        return rule.fault();
    }
}
