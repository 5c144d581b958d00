package dev.agentchat.support;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The process's counters (see {@link Metric}): counted where things happen, read two ways. On
 * Lambda each invocation's edge {@link #drain drains} what it counted into EMF lines; the
 * standalone server shows the {@link #totals} at {@code /metrics}.
 *
 * <p>One instance per process, like its standard output: the counts are what the process
 * reports, nothing reads them back to decide anything, and the places that count (fan-out,
 * long-poll, loop guard, the edges) would otherwise each need it threaded through their
 * constructors. Tests that read it compare before and after.
 */
public final class Metrics {
    /** EMF takes at most 100 values of a metric per line; more lag samples in one invocation are left out of it. */
    static final int MAX_LAG_SAMPLES = 100;

    private static final Metrics PROCESS = new Metrics();

    private final LongAdder[] counts = adders(Metric.values().length);
    private final LongAdder[] sent = adders(Metric.Transport.values().length);
    private final LongAdder lagSum = new LongAdder();
    private final ConcurrentLinkedQueue<Long> lagSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lagSampleCount = new AtomicInteger();
    private final long[] drainedCounts = new long[Metric.values().length];
    private final long[] drainedSent = new long[Metric.Transport.values().length];
    private long drainedLagSum;

    Metrics() {
    }

    public static Metrics process() {
        return PROCESS;
    }

    public void count(Metric metric) {
        counts[metric.ordinal()].increment();
    }

    /** A send accepted on this transport, or answered as a replay of an earlier one. */
    public void sent(Metric.Transport transport, boolean replayed) {
        if (replayed) {
            count(Metric.IDEMPOTENT_REPLAYS);
        } else {
            sent[transport.ordinal()].increment();
        }
    }

    /** One delivered frame's lag: push time minus the event's timestamp. */
    public void lag(long millis) {
        long lag = Math.max(0, millis);
        counts[Metric.FAN_OUT_LAG.ordinal()].increment();
        lagSum.add(lag);
        if (lagSampleCount.getAndIncrement() < MAX_LAG_SAMPLES) {
            lagSamples.add(lag);
        } else {
            lagSampleCount.decrementAndGet();
        }
    }

    /** Everything counted since the process started (the lag's samples are not kept for totals). */
    public Snapshot totals() {
        return new Snapshot(sums(counts, null), sentSums(null), List.of(), lagSum.sum());
    }

    /** What was counted since the last drain, with up to {@value #MAX_LAG_SAMPLES} lag samples. */
    public synchronized Snapshot drain() {
        List<Long> samples = new ArrayList<>();
        for (Long sample = lagSamples.poll(); sample != null; sample = lagSamples.poll()) {
            samples.add(sample);
            lagSampleCount.decrementAndGet();
        }
        long sum = lagSum.sum();
        Snapshot delta = new Snapshot(sums(counts, drainedCounts), sentSums(drainedSent), samples, sum - drainedLagSum);
        drainedLagSum = sum;
        return delta;
    }

    private static Map<Metric, Long> sums(LongAdder[] adders, long[] drained) {
        Map<Metric, Long> out = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            out.put(metric, since(adders[metric.ordinal()].sum(), drained, metric.ordinal()));
        }
        return out;
    }

    private Map<Metric.Transport, Long> sentSums(long[] drained) {
        Map<Metric.Transport, Long> out = new EnumMap<>(Metric.Transport.class);
        for (Metric.Transport transport : Metric.Transport.values()) {
            out.put(transport, since(sent[transport.ordinal()].sum(), drained, transport.ordinal()));
        }
        return out;
    }

    /** The total, less what was drained before (and remembered as drained now), when draining. */
    private static long since(long total, long[] drained, int index) {
        if (drained == null) {
            return total;
        }
        long delta = total - drained[index];
        drained[index] = total;
        return delta;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /**
     * Counts at one moment: per metric ({@link Metric#MESSAGES_SENT} is the sum over transports;
     * {@link Metric#FAN_OUT_LAG} the number of lag observations), sends per transport, lag samples
     * (drains only) and the lag's sum in milliseconds.
     */
    public record Snapshot(Map<Metric, Long> counts, Map<Metric.Transport, Long> sent, List<Long> lagSamples,
                           long lagSumMillis) {
        public long count(Metric metric) {
            if (metric == Metric.MESSAGES_SENT) {
                return sent.values().stream().mapToLong(Long::longValue).sum();
            }
            return counts.getOrDefault(metric, 0L);
        }

        public long sent(Metric.Transport transport) {
            return sent.getOrDefault(transport, 0L);
        }

        public boolean isEmpty() {
            return counts.values().stream().allMatch(c -> c == 0) && count(Metric.MESSAGES_SENT) == 0;
        }
    }
}
