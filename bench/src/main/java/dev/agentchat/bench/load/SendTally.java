package dev.agentchat.bench.load;

import java.util.ArrayList;
import java.util.List;

/** What became of the sends: attempted, accepted, failed, unconfirmed, by transport, and the fan-out each accepted one owed. */
final class SendTally {
    long attemptedRest;
    long attemptedWs;
    long acceptedRest;
    long acceptedWs;
    long failedRest;
    long failedWs;
    long unconfirmed;
    /** Deliveries owed: every accepted send times the receivers of its room. */
    long expected;
    long deliveredOfAccepted;
    long deliveredOfUnconfirmed;
    long missing;
    long msgsWithLoss;
    final List<String> lossSamples = new ArrayList<>();
    /** Send → 201 and send → ack, measured phase. */
    final Latencies restLatency = new Latencies();
    final Latencies ackLatency = new Latencies();
    long measuredAttempted;
    long measuredAccepted;

    static SendTally of(SentMessage[] msgs, int receivers) {
        SendTally t = new SendTally();
        for (SentMessage m : msgs) {
            t.add(m, receivers);
        }
        return t;
    }

    private void add(SentMessage m, int receivers) {
        if (m.rest) {
            attemptedRest++;
        } else {
            attemptedWs++;
        }
        if (!m.warmup) {
            measuredAttempted++;
            if (m.accepted) {
                measuredAccepted++;
            }
        }
        if (m.accepted) {
            if (m.rest) {
                acceptedRest++;
                if (!m.warmup) {
                    restLatency.add(m.doneNanos - m.sendNanos);
                }
            } else {
                acceptedWs++;
                if (!m.warmup) {
                    ackLatency.add(m.doneNanos - m.sendNanos);
                }
            }
            expected += receivers;
            int d = m.delivered.get();
            deliveredOfAccepted += d;
            if (d < receivers) {
                missing += receivers - d;
                msgsWithLoss++;
                if (lossSamples.size() < 8) {
                    lossSamples.add("msg " + m.id + " (" + (m.rest ? "REST" : "WS") + ", room " + m.room + ", seq "
                            + m.seq + ") reached " + d + "/" + receivers);
                }
            }
        } else if (m.failed) {
            if (m.rest) {
                failedRest++;
            } else {
                failedWs++;
            }
            deliveredOfUnconfirmed += m.delivered.get();
        } else {
            unconfirmed++;
            deliveredOfUnconfirmed += m.delivered.get();
        }
    }

    long accepted() {
        return acceptedRest + acceptedWs;
    }

    long failed() {
        return failedRest + failedWs;
    }
}
