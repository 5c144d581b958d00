package dev.agentchat.bench.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one run has sent and seen, shared by the sender, the agents' sockets and the report.
 * Two freezes end the counting: after the grace period ({@link #acceptFrozen}) a late response
 * or ack leaves its send unconfirmed; after the fan-out grace ({@link #frozen}) a late frame is
 * counted as late, not delivered.
 */
final class RunRecord {
    final SentMessage[] messages;
    final ErrorTally restErrors = new ErrorTally();
    final ErrorTally wsErrors = new ErrorTally();
    final AtomicInteger restInFlight = new AtomicInteger();
    final AtomicInteger maxRestInFlight = new AtomicInteger();
    final AtomicLong lastDeliveryNanos = new AtomicLong();
    final AtomicInteger misrouted = new AtomicInteger();
    final AtomicInteger lateFrames = new AtomicInteger();
    final AtomicInteger lateResponses = new AtomicInteger();
    final AtomicInteger lateAcks = new AtomicInteger();
    /** The bench is closing the sockets itself: a close is not the server's doing. */
    volatile boolean closing;
    volatile boolean frozen;
    volatile boolean acceptFrozen;

    RunRecord(int total) {
        this.messages = new SentMessage[total];
    }

    /** The message with this id, or null if there is none (yet). */
    SentMessage byId(int id) {
        return id >= 0 && id < messages.length ? messages[id] : null;
    }

    /** Every send answered (accepted or failed) and every accepted one delivered to all receivers. */
    boolean allSettled(int receivers) {
        if (restInFlight.get() > 0) {
            return false;
        }
        for (SentMessage m : messages) {
            if (!m.accepted && !m.failed) {
                return false;
            }
            if (m.accepted && m.delivered.get() < receivers) {
                return false;
            }
        }
        return true;
    }

    boolean acceptedAllDelivered(int receivers) {
        for (SentMessage m : messages) {
            if (m.accepted && m.delivered.get() < receivers) {
                return false;
            }
        }
        return true;
    }
}
