package dev.agentchat.bench.load;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Generates the load: sends every message of the {@link SendSchedule} when it is due, then waits
 * out the grace periods (responses, acks and deliveries; then deliveries of what was confirmed
 * by then) and freezes the record, marking the phases as it goes.
 */
final class LoadGenerator {
    /** The first message is due this long after the start, so the loop is running when it comes. */
    private static final long LEAD_NANOS = 50_000_000L;

    private final LoadSettings settings;
    private final RunRecord record;
    private final MessageSender sender;

    LoadGenerator(LoadSettings settings, RunRecord record, MessageSender sender) {
        this.settings = settings;
        this.record = record;
        this.sender = sender;
    }

    RunPhases run() throws InterruptedException {
        SentMessage[] msgs = record.messages;
        int total = msgs.length;
        int warmupCount = settings.warmupCount();
        StackSampler sampler = settings.sample() ? new StackSampler() : null;
        CpuSnapshot cpuStart = null;
        CpuSnapshot cpuFirst = null;
        long gcStart = 0;

        long startEpochMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        long firstSend = startNanos + LEAD_NANOS;
        SendSchedule schedule = new SendSchedule(settings, firstSend);
        long maxLagNanos = 0;
        long lagOver5ms = 0;
        LoadBench.OUT.printf(Locale.ROOT, "sending     %d messages (%d warmup + %d measured) ...%n",
                total, warmupCount, total - warmupCount);
        for (int i = 0; i < total; i++) {
            long target = schedule.dueNanos(i);
            long now;
            while ((now = System.nanoTime()) < target) {
                long left = target - now;
                if (left > 200_000) {
                    LockSupport.parkNanos(left - 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (i == 0) {
                cpuFirst = CpuSnapshot.take();
            }
            if (i == warmupCount) {
                cpuStart = CpuSnapshot.take();
                gcStart = CpuSnapshot.gcMillis();
                if (sampler != null) {
                    sampler.start();
                }
            }
            long lag = now - target;
            maxLagNanos = Math.max(maxLagNanos, lag);
            if (lag > 5_000_000) {
                lagOver5ms++;
            }
            SentMessage m = schedule.plan(i);
            msgs[i] = m;
            sender.send(m);
        }
        long sendEnd = System.nanoTime();
        CpuSnapshot cpuSend = CpuSnapshot.take();
        long gcSend = CpuSnapshot.gcMillis();
        if (sampler != null) {
            sampler.stop();
        }
        if (cpuStart == null) {
            cpuStart = cpuSend;
            gcStart = gcSend;
        }

        // Grace: wait for responses, acks and deliveries, but no longer than the grace period.
        int receivers = settings.receivers();
        long deadline = sendEnd + (long) (settings.graceSec() * 1e9);
        while (System.nanoTime() < deadline) {
            if (record.allSettled(receivers)) {
                break;
            }
            Thread.sleep(20);
        }
        boolean settledInTime = record.allSettled(receivers);
        // Sends not confirmed by now count as unconfirmed; messages confirmed by now get a last
        // window to reach everyone, so one confirmed at the deadline is not called lost.
        record.acceptFrozen = true;
        Thread.sleep(50);
        long fanoutDeadline = System.nanoTime() + (long) (settings.fanoutGraceSec() * 1e9);
        while (!settledInTime && System.nanoTime() < fanoutDeadline && !record.acceptedAllDelivered(receivers)) {
            Thread.sleep(20);
        }
        record.frozen = true;
        long settled = System.nanoTime();
        CpuSnapshot cpuEnd = CpuSnapshot.take();
        Thread.sleep(100); // let handlers already past the frozen check finish
        return new RunPhases(warmupCount, startEpochMillis, startNanos, firstSend, schedule.measureStart(), sendEnd,
                settled, settledInTime, maxLagNanos, lagOver5ms, cpuFirst, cpuStart, cpuSend, cpuEnd, gcSend - gcStart, sampler);
    }
}
