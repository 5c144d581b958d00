package dev.agentchat.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How webhooks wake idle agents (SPEC §13): the retry schedule, whether private targets are
 * allowed, how long bursts are gathered into one delivery, timeouts, and when a failing webhook
 * is disabled.
 *
 * @param retryMillis           waits before the 2nd, 3rd, … attempt of a delivery ({@code WEBHOOK_RETRY_SECONDS})
 * @param allowPrivate          whether URLs may reach loopback/private addresses and use plain http
 *                              (a trusted deployment or a test; never on by default)
 * @param batchWindowMillis     how long the queue gathers wake jobs into one delivery
 * @param timeoutMillis         connect and read timeout of one delivery
 * @param maxFailures           consecutive failed deliveries after which the webhook is disabled
 * @param queueUrl              the SQS queue wake jobs go to (AWS only; empty = in-process)
 */
public record WebhookSettings(List<Long> retryMillis, boolean allowPrivate, int batchWindowMillis, int timeoutMillis,
                              int maxFailures, Optional<String> queueUrl) {
    public static final String QUEUE_URL = "WEBHOOK_QUEUE_URL";

    public WebhookSettings {
        retryMillis = List.copyOf(retryMillis);
    }

    public static WebhookSettings defaults() {
        return fromEnv(Map.of());
    }

    public static WebhookSettings fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new WebhookSettings(
                r.secondsList("WEBHOOK_RETRY_SECONDS", "5,30,120,600,1800"),
                r.bool("WEBHOOK_ALLOW_PRIVATE", false),
                // SQS's batching window is whole seconds: the stack rounds this up.
                r.intInRange("WEBHOOK_BATCH_WINDOW_MS", 1000, 0, 300_000),
                r.intInRange("WEBHOOK_TIMEOUT_MS", 5000, 100, 30_000),
                r.positiveInt("WEBHOOK_MAX_FAILURES", 20),
                Optional.ofNullable(r.string(QUEUE_URL, null)));
    }

    /** Attempts in all: the first and one per scheduled retry. */
    public int attempts() {
        return retryMillis.size() + 1;
    }

    /**
     * The wait after the {@code attempt}-th attempt (1-based) failed; empty when it was the last.
     */
    public Optional<Long> retryAfter(int attempt) {
        return attempt >= 1 && attempt <= retryMillis.size() ? Optional.of(retryMillis.get(attempt - 1))
                : Optional.empty();
    }
}
