package dev.agentchat.realtime;

import dev.agentchat.config.AppConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The wake queue on AWS: jobs go to an SQS queue (in batches where a stream batch wakes several
 * agents), and the delivery function's event source hands them to {@code WebhookDeliveryHandler}.
 *
 * <p>Retries use the received message's visibility timeout, not a re-sent message with
 * {@code DelaySeconds}: a failed job's visibility is set to the schedule's next wait and the job
 * is reported as a batch item failure, so SQS itself brings it back then. That reaches every wait
 * of the schedule (visibility goes to 12 h, {@code DelaySeconds} stops at 900 s, which the 30-min
 * step exceeds), costs one request per retry (a re-send would be a send plus the delete of the
 * original, and chains of sends for waits over 900 s), and keeps SQS's receive count, which both
 * picks the next wait and, through the redrive policy ({@code maxReceiveCount} = attempts), moves
 * a job past the schedule to the dead-letter queue without code of ours.
 */
public final class SqsWakeQueue implements WakeQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsWakeQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Builds the client once per container, signing with the container's shared credentials. */
    public static SqsWakeQueue create(AppConfig config, AwsCredentialsProvider credentials, String queueUrl) {
        // Short timeouts: a stream batch waits for these sends, and a failed one is retried with it.
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
        return new SqsWakeQueue(new SqsClient(http, credentials, config.region()), queueUrl);
    }

    @Override
    public void send(String body) {
        sqs.sendMessage(queueUrl, body);
    }

    /** Sends in as few SendMessageBatch requests as SQS's entry and size limits allow. */
    @Override
    public void sendAll(List<String> bodies) {
        List<String> batch = new ArrayList<>();
        int bytes = 0;
        for (String body : bodies) {
            int size = body.getBytes(StandardCharsets.UTF_8).length;
            if (!batch.isEmpty() && (batch.size() == SqsClient.MAX_BATCH_ENTRIES
                    || bytes + size > SqsClient.MAX_BATCH_BYTES)) {
                flush(batch);
                bytes = 0;
            }
            batch.add(body);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            flush(batch);
        }
    }

    private void flush(List<String> batch) {
        if (batch.size() == 1) {
            sqs.sendMessage(queueUrl, batch.get(0));
        } else {
            sqs.sendMessageBatch(queueUrl, List.copyOf(batch));
        }
        batch.clear();
    }

    /** Whole seconds, rounded up so a retry never comes early; capped at SQS's 12 h. */
    @Override
    public void retryAfter(String receiptHandle, long delayMillis) {
        long seconds = (Math.max(0, delayMillis) + 999) / 1000;
        sqs.changeMessageVisibility(queueUrl, receiptHandle, (int) Math.min(SqsClient.MAX_VISIBILITY_SECONDS, seconds));
    }
}
