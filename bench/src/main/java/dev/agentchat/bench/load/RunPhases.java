package dev.agentchat.bench.load;

/**
 * When each phase of a run began and ended ({@code System.nanoTime()}), how well the sender kept
 * its schedule, and the CPU at the phase boundaries: what the report divides by.
 *
 * @param startEpochMillis wall clock at {@code startNanos}, to compare with the server's timestamps
 * @param firstSendNanos   when the first message was due
 * @param measureStart     when the first measured (not warm-up) message was due
 * @param sendEnd          when the last send left
 * @param settled          when the grace periods ended
 * @param settledInTime    everything was answered and delivered within the first grace period
 * @param cpuFirst         at the first send (warm-up included)
 * @param cpuStart         at the first measured send
 * @param cpuSend          at the last send
 * @param cpuEnd           when the grace periods ended
 * @param gcMillis         GC pause time during the measured send phase
 * @param sampler          the measured phase's stack samples; null unless asked for
 */
record RunPhases(int warmupCount, long startEpochMillis, long startNanos, long firstSendNanos, long measureStart,
                 long sendEnd, long settled, boolean settledInTime, long maxLagNanos, long lagOver5ms,
                 CpuSnapshot cpuFirst, CpuSnapshot cpuStart, CpuSnapshot cpuSend, CpuSnapshot cpuEnd, long gcMillis, StackSampler sampler) {
}
