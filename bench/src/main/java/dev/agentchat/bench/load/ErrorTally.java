package dev.agentchat.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Errors of one kind of traffic counted by what went wrong, with the first example of each. */
final class ErrorTally {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, String> samples = new ConcurrentHashMap<>();

    void count(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void count(String kind, String sample) {
        count(kind);
        samples.putIfAbsent(kind, sample);
    }

    void print(String title) {
        if (counts.isEmpty()) {
            LoadBench.OUT.println(title + " none");
            return;
        }
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(counts).forEach((k, v) -> sb.append(k).append(" x").append(v.sum()).append("; "));
        LoadBench.OUT.println(title + " " + sb);
        new TreeMap<>(samples).forEach((k, v) -> LoadBench.OUT.println("            e.g. " + k + " <- " + v));
    }
}
