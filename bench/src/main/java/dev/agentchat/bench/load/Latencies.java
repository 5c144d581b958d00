package dev.agentchat.bench.load;

import java.util.Arrays;
import java.util.Locale;

/** A growing list of latencies in nanoseconds, and how the report shows them (ms, nearest-rank percentiles). */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }

    /** {@code label n=… min p50 p90 p99 p99.9 max mean}, in ms. */
    String summary(String label) {
        long[] v = sorted();
        if (v.length == 0) {
            return String.format(Locale.ROOT, "%-26s n=0", label);
        }
        double sum = 0;
        for (long x : v) {
            sum += x;
        }
        return String.format(Locale.ROOT, "%-26s n=%-7d min %7s  p50 %7s  p90 %7s  p99 %7s  p99.9 %7s  max %7s  mean %7s",
                label, v.length, ms(v[0]), ms(percentile(v, 0.50)), ms(percentile(v, 0.90)), ms(percentile(v, 0.99)),
                ms(percentile(v, 0.999)), ms(v[v.length - 1]), ms((long) (sum / v.length)));
    }

    /** Nearest rank; -1 for no values. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /** Nanoseconds as ms with one decimal; "-" for -1 (no value). */
    static String ms(long nanos) {
        return nanos == -1 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
