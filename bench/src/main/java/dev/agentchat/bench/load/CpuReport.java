package dev.agentchat.bench.load;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Prints where the CPU went between two snapshots: the process, the machine, and each thread group. */
final class CpuReport {
    private CpuReport() {
    }

    /** @param gcMillis GC pause time in the interval, or -1 to leave it out */
    static void print(String title, CpuSnapshot from, CpuSnapshot to, double wallSecs, long gcMillis) {
        if (wallSecs <= 0.01) {
            return;
        }
        Map<String, Long> byGroup = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        long javaThreads = 0;
        for (Map.Entry<Long, Long> e : to.cpuByThread().entrySet()) {
            long before = from.cpuByThread().getOrDefault(e.getKey(), 0L);
            long delta = e.getValue() - before;
            if (delta <= 0) {
                continue;
            }
            String group = ThreadGroups.of(to.names().get(e.getKey()));
            byGroup.merge(group, delta, Long::sum);
            threads.merge(group, 1, Integer::sum);
            javaThreads += delta;
        }
        long process = to.processNanos() - from.processNanos();
        int cpus = Runtime.getRuntime().availableProcessors();
        LoadBench.OUT.printf(Locale.ROOT, "%s  wall %.1f s; process %.2f core-s = %.0f%% of %d cores;"
                        + " Java threads %.2f core-s (rest = JIT/GC/VM)%s%n",
                title, wallSecs, process / 1e9, 100.0 * process / 1e9 / wallSecs / cpus, cpus, javaThreads / 1e9,
                gcMillis >= 0 ? "; GC pause time " + gcMillis + " ms" : "");
        if (from.machineJiffies() != null && to.machineJiffies() != null && wallSecs >= 0.5) {
            long busy = to.machineJiffies()[0] - from.machineJiffies()[0];
            long all = to.machineJiffies()[1] - from.machineJiffies()[1];
            double machineBusyCores = all == 0 ? 0 : (double) busy / all * cpus;
            double ours = process / 1e9 / wallSecs;
            LoadBench.OUT.printf(Locale.ROOT, "            machine (all processes) %.2f of %d cores busy; this JVM %.2f;"
                            + " other processes ~%.2f cores%s%n", machineBusyCores, cpus, ours,
                    Math.max(0, machineBusyCores - ours),
                    machineBusyCores - ours > 0.2 ? "  <-- other load on the machine skews these numbers" : "");
        }
        byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(14)
                .forEach(e -> LoadBench.OUT.printf(Locale.ROOT, "            %-44s %6.2f core-s  %5.1f%% of a core  (%d threads)%n",
                        e.getKey(), e.getValue() / 1e9, 100.0 * e.getValue() / 1e9 / wallSecs,
                        threads.get(e.getKey())));
    }
}
