package dev.agentchat.bench.load;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One message the bench sends, and what became of it. Its content carries its id and the
 * {@code System.nanoTime()} of the send, so every receiver can tell which send it got and when
 * it left (client and server share the JVM and its clock).
 */
final class SentMessage {
    private static final String CONTENT_PREFIX = "bench|";

    final int id;
    final int room;
    final int sender;
    final boolean rest;
    final boolean warmup;
    volatile long sendNanos;
    volatile long doneNanos;          // REST response or WS ack received
    volatile long seq = -1;
    volatile long stampMillis = -1;   // the server's timestamp of the message
    volatile boolean accepted;
    volatile boolean failed;
    final AtomicInteger delivered = new AtomicInteger();

    SentMessage(int id, int room, int sender, boolean rest, boolean warmup) {
        this.id = id;
        this.room = room;
        this.sender = sender;
        this.rest = rest;
        this.warmup = warmup;
    }

    /** The content sent for message {@code id}: {@code bench|<id>|<send nanos>[|<pad x's>]}. */
    static String content(int id, long sendNanos, int pad) {
        StringBuilder content = new StringBuilder(64 + pad);
        content.append(CONTENT_PREFIX).append(id).append('|').append(sendNanos);
        if (pad > 0) {
            content.append('|').append("x".repeat(pad));
        }
        return content.toString();
    }

    /** The id in a content made by {@link #content}; -1 for any other content. */
    static int idIn(String content) {
        if (!content.startsWith(CONTENT_PREFIX)) {
            return -1;
        }
        int end = content.indexOf('|', CONTENT_PREFIX.length());
        try {
            return Integer.parseInt(content.substring(CONTENT_PREFIX.length(), end));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The server accepted the send (REST 201 or WebSocket ack) at {@code nanos}. */
    void confirm(long seq, String timestamp, long nanos) {
        this.seq = seq;
        this.stampMillis = parseStamp(timestamp);
        this.doneNanos = nanos;
        this.accepted = true;
    }

    /** A delivery carries the server's timestamp too: keep it if the confirmation has not come yet. */
    void noteStamp(String timestamp) {
        if (stampMillis < 0) {
            stampMillis = parseStamp(timestamp);
        }
    }

    private static long parseStamp(String ts) {
        if (ts == null) {
            return -1;
        }
        try {
            return Instant.parse(ts).toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
