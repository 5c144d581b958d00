package dev.agentchat.bench.load;

import java.util.Locale;

/**
 * The report of one run: sends, rate, errors, fan-out (loss, gaps, duplicates, order), latency,
 * per-second figures, CPU, the optional stack samples, and the verdict whose exit code the bench
 * returns: 0 when every send was confirmed and reached every other agent of its room, else 1.
 */
final class LoadReport {
    private final LoadSettings settings;
    private final RunRecord record;
    private final RunPhases phases;
    private final SendTally sends;
    private final DeliveryTally deliveries;

    LoadReport(LoadSettings settings, RunRecord record, Rooms rooms, RunPhases phases) {
        this.settings = settings;
        this.record = record;
        this.phases = phases;
        this.sends = SendTally.of(record.messages, settings.receivers());
        this.deliveries = DeliveryTally.of(record.messages, rooms.all(), phases, settings);
    }

    /** Prints the report; returns the exit code. */
    int print() {
        LoadBench.OUT.println();
        LoadBench.OUT.println("=== report ===");
        printSends();
        record.restErrors.print("REST errors");
        record.wsErrors.print("WS errors  ");
        printFanOut();
        printLatency();
        printPerSecond();
        CpuReport.print("cpu (measured send phase)", phases.cpuStart(), phases.cpuSend(),
                (phases.sendEnd() - phases.measureStart()) / 1e9, phases.gcMillis());
        CpuReport.print("cpu (grace/drain)", phases.cpuSend(), phases.cpuEnd(),
                (phases.settled() - phases.sendEnd()) / 1e9, -1);
        if (phases.sampler() != null) {
            phases.sampler().print();
        }
        return printVerdict();
    }

    /** One line for the side-by-side table: target, fan-out percentiles, loss, ack latency, CPU. */
    String row(String target) {
        long[] v = deliveries.all.sorted();
        long[] acks = sends.ackLatency.sorted();
        long[] rest = sends.restLatency.sorted();
        double wall = (phases.sendEnd() - phases.measureStart()) / 1e9;
        double cpu = wall <= 0 ? 0 : (phases.cpuSend().processNanos() - phases.cpuStart().processNanos()) / 1e9 / wall;
        long measuredDeliveries = v.length;
        double usPerDelivery = measuredDeliveries == 0 ? 0
                : (phases.cpuSend().processNanos() - phases.cpuStart().processNanos()) / 1e3 / measuredDeliveries;
        long allDeliveries = sends.deliveredOfAccepted + sends.deliveredOfUnconfirmed;
        double usPerDeliveryAll = allDeliveries == 0 ? 0
                : (phases.cpuEnd().processNanos() - phases.cpuFirst().processNanos()) / 1e3 / allDeliveries;
        return String.format(Locale.ROOT, "%-11s %7s %7s %7s %7s  %9d/%-9d %7d %7s %7s %7s %8.0f%% %9.0f %9.0f",
                target, Latencies.ms(Latencies.percentile(v, 0.50)), Latencies.ms(Latencies.percentile(v, 0.90)),
                Latencies.ms(Latencies.percentile(v, 0.99)), Latencies.ms(v.length == 0 ? -1 : v[v.length - 1]),
                sends.deliveredOfAccepted, sends.expected, sends.missing + sends.unconfirmed,
                Latencies.ms(Latencies.percentile(acks, 0.99)), Latencies.ms(Latencies.percentile(rest, 0.99)),
                String.format(Locale.ROOT, "%.1f", sends.measuredAccepted / wall),
                100.0 * cpu / Runtime.getRuntime().availableProcessors(), usPerDelivery, usPerDeliveryAll);
    }

    /** The header of {@link #row}'s table. */
    static String rowHeader() {
        return String.format(Locale.ROOT, "%-11s %7s %7s %7s %7s  %19s %7s %7s %7s %7s %9s %9s %9s",
                "target", "p50", "p90", "p99", "max", "delivered/expected", "lost*", "ack p99", "201 p99",
                "msg/s", "CPU**", "us/deliv", "us/d all");
    }

    private void printSends() {
        double measuredSendSecs = (phases.sendEnd() - phases.measureStart()) / 1e9;
        LoadBench.OUT.printf(Locale.ROOT, "sends       attempted %d (REST %d, WS %d); accepted %d (REST %d, WS %d);"
                        + " failed %d (REST %d, WS %d); unconfirmed at end %d%n",
                record.messages.length, sends.attemptedRest, sends.attemptedWs, sends.accepted(), sends.acceptedRest,
                sends.acceptedWs, sends.failed(), sends.failedRest, sends.failedWs, sends.unconfirmed);
        LoadBench.OUT.printf(Locale.ROOT, "rate        target %.1f msg/s; achieved (measured phase) %.1f attempted/s, %.1f accepted/s;"
                        + " scheduler lag max %.2f ms (%d sends > 5 ms late); REST in flight max %d%n",
                settings.rate(), sends.measuredAttempted / measuredSendSecs, sends.measuredAccepted / measuredSendSecs,
                phases.maxLagNanos() / 1e6, phases.lagOver5ms(), record.maxRestInFlight.get());
    }

    private void printFanOut() {
        long expected = sends.expected;
        LoadBench.OUT.printf(Locale.ROOT, "fan-out     delivered %d / expected %d (%.4f%%); missing %d in %d messages;"
                        + " receivers with gaps %d; duplicates %d; out of order %d; misrouted %d; foreign %d;"
                        + " delivered copies of failed/unconfirmed sends %d%n",
                sends.deliveredOfAccepted, expected, expected == 0 ? 100.0 : 100.0 * sends.deliveredOfAccepted / expected,
                sends.missing, sends.msgsWithLoss, deliveries.receiversWithGaps, deliveries.duplicates,
                deliveries.outOfOrder, record.misrouted.get(), deliveries.foreign, sends.deliveredOfUnconfirmed);
        for (String s : sends.lossSamples) {
            LoadBench.OUT.println("            " + s);
        }
        for (String s : deliveries.gapSamples) {
            LoadBench.OUT.println("            " + s);
        }
        long lastDelivery = record.lastDeliveryNanos.get();
        long sendEnd = phases.sendEnd();
        double drainMs = lastDelivery > sendEnd ? (lastDelivery - sendEnd) / 1e6 : 0;
        double deliveryWindow = ((lastDelivery > 0 ? lastDelivery : sendEnd) - phases.firstSendNanos()) / 1e9;
        long delivered = sends.deliveredOfAccepted + sends.deliveredOfUnconfirmed;
        LoadBench.OUT.printf(Locale.ROOT, "throughput  %.1f deliveries/s overall (%d deliveries, warmup included); last delivery %.0f ms"
                        + " after the last send; settled %.0f ms after it%s%n",
                delivered / deliveryWindow, delivered, drainMs, (phases.settled() - sendEnd) / 1e6,
                phases.settledInTime() ? "" : " (grace expired before everything arrived)");
        if (record.lateFrames.get() > 0 || record.lateResponses.get() > 0 || record.lateAcks.get() > 0) {
            LoadBench.OUT.printf(Locale.ROOT, "            late (not counted above): %d REST responses and %d WS acks after the"
                    + " grace period, %d frames after the fan-out grace%n", record.lateResponses.get(),
                    record.lateAcks.get(), record.lateFrames.get());
        }
    }

    private void printLatency() {
        LoadBench.OUT.println("latency ms  (send -> receive by another agent of the room; measured phase, every delivery)");
        LoadBench.OUT.println("            " + deliveries.all.summary("fan-out"));
        LoadBench.OUT.println("            " + deliveries.allInclWarmup.summary("fan-out incl. warmup"));
        LoadBench.OUT.println("            " + sends.restLatency.summary("REST send -> 201"));
        LoadBench.OUT.println("            " + sends.ackLatency.summary("WS send -> ack"));
        LoadBench.OUT.println("            " + deliveries.sendToStamp.summary("send -> server stamp*"));
        LoadBench.OUT.println("            " + deliveries.stampToRecv.summary("server stamp* -> receive"));
        LoadBench.OUT.println("            * stamp = the message's timestamp, taken when its winning append attempt starts"
                + " (ms resolution, same clock)");
    }

    private void printPerSecond() {
        LoadBench.OUT.println("per second  (by send time, measured phase)");
        LoadBench.OUT.println("            sec  sent  deliv/expected     p50     p90     p99     max");
        for (int s = 0; s < deliveries.seconds; s++) {
            Latencies l = deliveries.bySecond[s];
            long[] v = l.sorted();
            LoadBench.OUT.printf(Locale.ROOT, "            %3d %5d %7d/%-7d %7s %7s %7s %7s%n", s, deliveries.sentBySecond[s],
                    l.size(), deliveries.expectedBySecond[s], Latencies.ms(Latencies.percentile(v, 0.50)),
                    Latencies.ms(Latencies.percentile(v, 0.90)), Latencies.ms(Latencies.percentile(v, 0.99)),
                    Latencies.ms(v.length == 0 ? -1 : v[v.length - 1]));
        }
    }

    private int printVerdict() {
        long[] sorted = deliveries.all.sorted();
        double p99 = Latencies.percentile(sorted, 0.99) / 1e6;
        boolean loss = sends.missing > 0 || sends.unconfirmed > 0;
        String p99Text = sorted.length == 0 ? "p99 n/a (no measured deliveries)"
                : String.format(Locale.ROOT, "p99 %.1f ms %s target %.0f ms", p99,
                        p99 < settings.targetP99Ms() ? "<" : ">=", settings.targetP99Ms());
        LoadBench.OUT.println();
        LoadBench.OUT.printf(Locale.ROOT, "verdict     %s; %s; %s; %s%n",
                sends.missing > 0 ? "LOSS: " + sends.missing + " deliveries of confirmed sends missing" : "no missing deliveries",
                sends.unconfirmed > 0 ? "BACKLOG: " + sends.unconfirmed + " sends still unconfirmed after the grace period"
                        : "every send confirmed",
                sends.failed() > 0 ? sends.failed() + " sends refused/failed" : "no send errors",
                p99Text);
        LoadBench.OUT.println("exit        " + (loss ? "1 (missing deliveries or unconfirmed sends)" : "0"));
        return loss ? 1 : 0;
    }
}
