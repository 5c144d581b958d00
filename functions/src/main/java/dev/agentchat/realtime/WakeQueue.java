package dev.agentchat.realtime;

import java.util.List;

/**
 * Where wake jobs wait for delivery: SQS on AWS, an in-process queue with the same semantics on
 * the standalone server. Both hand batches of jobs to {@code WebhookDeliveryHandler} and redeliver
 * a job the handler reported as failed once its chosen delay has passed.
 */
public interface WakeQueue {
    /** A queue that drops everything: for wirings that deliver no webhooks (e.g. a function that only reads). */
    WakeQueue NONE = new WakeQueue() {
        @Override
        public void send(String body) {
        }

        @Override
        public void retryAfter(String receiptHandle, long delayMillis) {
        }
    };

    /** Enqueues one wake job (its JSON, see {@link WakeJob}). */
    void send(String body);

    /** Enqueues several jobs; a queue that can send them in fewer requests does (SQS: SendMessageBatch). */
    default void sendAll(List<String> bodies) {
        bodies.forEach(this::send);
    }

    /**
     * Makes a received job visible again only after {@code delayMillis} (SQS: its visibility
     * timeout), so that reporting it as failed schedules the next attempt.
     */
    void retryAfter(String receiptHandle, long delayMillis);

    /** {@link #NONE}. */
    static WakeQueue none() {
        return NONE;
    }
}
