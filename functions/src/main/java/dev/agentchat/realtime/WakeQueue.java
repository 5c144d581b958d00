package dev.agentchat.realtime;

/**
 * Where wake jobs wait for delivery: SQS on AWS, an in-process queue with the same semantics on
 * the standalone server. Both hand batches of jobs to {@code WebhookDeliveryHandler} and redeliver
 * a job the handler reported as failed once its chosen delay has passed.
 */
public interface WakeQueue {
    /** Enqueues one wake job (its JSON, see {@link WakeJob}). */
    void send(String body);

    /**
     * Makes a received job visible again only after {@code delayMillis} (SQS: its visibility
     * timeout), so that reporting it as failed schedules the next attempt.
     */
    void retryAfter(String receiptHandle, long delayMillis);

    /** A queue that drops everything: for wirings that deliver no webhooks (e.g. a function that only reads). */
    static WakeQueue none() {
        return new WakeQueue() {
            @Override
            public void send(String body) {
            }

            @Override
            public void retryAfter(String receiptHandle, long delayMillis) {
            }
        };
    }
}
