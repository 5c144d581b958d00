package dev.agentchat.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * What the agents received: every delivery's latency (measured phase, and with the warm-up),
 * split at the server's timestamp, bucketed by the second it was sent in; duplicates, order,
 * deliveries from elsewhere, and receivers that missed accepted messages of their room.
 */
final class DeliveryTally {
    final Latencies all = new Latencies();
    final Latencies allInclWarmup = new Latencies();
    final Latencies stampToRecv = new Latencies();
    final Latencies sendToStamp = new Latencies();
    /** Measured seconds of sending, each with its deliveries (the last bucket takes any overrun). */
    final int seconds;
    final Latencies[] bySecond;
    final long[] sentBySecond;
    final long[] expectedBySecond;
    long duplicates;
    long outOfOrder;
    long foreign;
    int receiversWithGaps;
    final List<String> gapSamples = new ArrayList<>();

    private DeliveryTally(int seconds) {
        this.seconds = seconds;
        this.bySecond = new Latencies[seconds + 1];
        this.sentBySecond = new long[seconds + 1];
        this.expectedBySecond = new long[seconds + 1];
        for (int s = 0; s <= seconds; s++) {
            bySecond[s] = new Latencies();
        }
    }

    static DeliveryTally of(SentMessage[] msgs, List<AgentClient> agents, RunPhases phases, LoadSettings settings) {
        DeliveryTally t = new DeliveryTally((int) Math.ceil(settings.durationSec()));
        int receivers = settings.receivers();
        for (SentMessage m : msgs) {
            if (!m.warmup) {
                int s = t.secondOf(m.sendNanos, phases.measureStart());
                t.sentBySecond[s]++;
                if (m.accepted) {
                    t.expectedBySecond[s] += receivers;
                }
            }
        }
        for (AgentClient a : agents) {
            t.add(a, msgs, phases);
        }
        return t;
    }

    private void add(AgentClient a, SentMessage[] msgs, RunPhases phases) {
        synchronized (a) {
            duplicates += a.duplicates;
            outOfOrder += a.outOfOrder;
            foreign += a.foreign;
            for (int i = 0; i < a.deliveries; i++) {
                SentMessage m = msgs[a.deliveredIds[i]];
                long lat = a.latencyNanos[i];
                allInclWarmup.add(lat);
                if (!m.warmup) {
                    all.add(lat);
                    bySecond[secondOf(m.sendNanos, phases.measureStart())].add(lat);
                    if (m.stampMillis >= 0) {
                        long startMicros = phases.startEpochMillis() * 1000;
                        long recvEpochMicros = startMicros + (m.sendNanos + lat - phases.startNanos()) / 1000;
                        long sendEpochMicros = startMicros + (m.sendNanos - phases.startNanos()) / 1000;
                        stampToRecv.add((recvEpochMicros - m.stampMillis * 1000) * 1000);
                        sendToStamp.add((m.stampMillis * 1000 - sendEpochMicros) * 1000);
                    }
                }
            }
            // Gaps: accepted seqs of this room, sent by others, this receiver never saw.
            List<Long> expectedSeqs = new ArrayList<>();
            for (SentMessage m : msgs) {
                if (m.accepted && m.room == a.room && m.sender != a.index) {
                    expectedSeqs.add(m.seq);
                }
            }
            int gaps = 0;
            for (long seq : expectedSeqs) {
                if (!a.seenSeqs.contains(seq)) {
                    gaps++;
                }
            }
            if (gaps > 0) {
                receiversWithGaps++;
                if (gapSamples.size() < 5) {
                    gapSamples.add(a.label + " missed " + gaps + " of " + expectedSeqs.size() + " seqs");
                }
            }
        }
    }

    private int secondOf(long sendNanos, long measureStart) {
        long s = (sendNanos - measureStart) / 1_000_000_000L;
        return (int) Math.max(0, Math.min(seconds, s));
    }
}
