package dev.agentchat.infra;

import dev.agentchat.config.WebhookSettings;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Webhook wake-ups on AWS (SPEC §13): the events stream's second consumer ({@code WakeHandler})
 * sends wake jobs to an SQS queue, whose event source hands them in batches to
 * {@code WebhookDeliveryHandler}; a job past the retry schedule lands in a dead-letter queue.
 * The schedule, the batching window and the attempts come from {@link WebhookSettings}, what the
 * functions themselves read.
 */
public final class Wakeups extends Construct {
    /** Jobs per delivery invocation: SQS's largest batch without a window of its own, coalesced per webhook. */
    static final int QUEUE_BATCH_SIZE = 10;
    /**
     * Concurrent delivery invocations at most: a flood of wake-ups waits in the queue instead of
     * taking the account's instances from the API. An event-source cap, not reserved concurrency:
     * a throttled SQS invocation still counts as a receive and would push jobs towards the DLQ.
     */
    static final int MAX_DELIVERY_CONCURRENCY = 10;
    /** The stream's wake batches: as small and prompt as the fan-out's, so a wake waits for nothing but the queue's window. */
    static final int STREAM_BATCH_SIZE = Realtime.STREAM_BATCH_SIZE;
    /**
     * Older stream records still wake usefully (the agent reads on from where it is); past an hour
     * the webhook's own retries and the agent's next poll have long covered it.
     */
    static final Duration STREAM_MAX_RECORD_AGE = Duration.hours(1);
    /** Dead-lettered jobs are kept for inspection as long as SQS allows. */
    static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    private final Queue jobs;
    private final Queue deadLetters;
    private final WebhookSettings settings = WebhookSettings.defaults();

    /**
     * @param failedRecords where stream records go after their retries (shared with the fan-out)
     */
    public Wakeups(Construct scope, String id, ITable events, HandlerFunction wake, HandlerFunction delivery,
                   IQueue failedRecords) {
        super(scope, id);
        this.deadLetters = Queue.Builder.create(this, "WakeDeadLetters")
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
        this.jobs = Queue.Builder.create(this, "WakeJobs")
                // What brings a job back only when the delivery function crashed or timed out (a
                // failed delivery sets its own wait from the schedule); six times the function's
                // timeout is what AWS asks of a Lambda-consumed queue.
                .visibilityTimeout(Duration.seconds(6 * FunctionKind.QUEUE.timeout().toSeconds().longValue()))
                // Long enough for the whole schedule, with room for an outage of the function.
                .retentionPeriod(Duration.days(4))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // Every attempt is a receive: past the first one and the schedule's retries, the DLQ.
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(settings.attempts()).build())
                .build();

        wake.function().addEnvironment(WebhookSettings.QUEUE_URL, jobs.getQueueUrl());
        delivery.function().addEnvironment(WebhookSettings.QUEUE_URL, jobs.getQueueUrl());
        // The producer may send and nothing else (SendMessageBatch is authorised as sqs:SendMessage);
        // grantSendMessages would add GetQueueAttributes and GetQueueUrl, which it never calls.
        wake.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(jobs.getQueueArn()))
                .build());
        wake.alias().addEventSource(DynamoEventSource.Builder.create(events)
                .startingPosition(StartingPosition.LATEST)
                // WakeHandler reads new events only (StreamBatch skips the rest): drop them before an invocation.
                .filters(List.of(FilterCriteria.filter(Map.of("eventName", FilterRule.isEqual("INSERT")))))
                .batchSize(STREAM_BATCH_SIZE)
                .maxBatchingWindow(Realtime.STREAM_BATCHING_WINDOW)
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(Realtime.STREAM_RETRY_ATTEMPTS)
                .maxRecordAge(STREAM_MAX_RECORD_AGE)
                .onFailure(new SqsDlq(failedRecords))
                .build());
        // The consumer's grant comes with its event source: receive, delete, change visibility (the
        // retry schedule) and the attributes the poller reads.
        delivery.alias().addEventSource(SqsEventSource.Builder.create(jobs)
                .batchSize(QUEUE_BATCH_SIZE)
                .maxBatchingWindow(Duration.seconds(batchWindowSeconds(settings)))
                .reportBatchItemFailures(true)
                .maxConcurrency(MAX_DELIVERY_CONCURRENCY)
                .build());

        NagRules.suppressMatching(wake, "AwsSolutions-IAM5", "^Resource::\\*$",
                "dynamodb:ListStreams has no resource-level permission (the event source mapping needs it); every"
                        + " other stream action is granted on the events table's stream only.");
        NagRules.suppress(delivery.alias(), "Serverless-LambdaEventSourceMappingDestination", "An SQS event source"
                + " takes no on-failure destination: a job that failed every attempt moves to the wake queue's"
                + " dead-letter queue through its redrive policy (maxReceiveCount = the attempts of the schedule).");
        NagRules.suppress(deadLetters, "AwsSolutions-SQS3", "This queue is itself the wake queue's dead-letter"
                + " queue: jobs land here after the whole retry schedule.");
        NagRules.suppress(deadLetters, "Serverless-SQSRedrivePolicy", "A dead-letter queue needs no redrive of"
                + " its own: nothing consumes it automatically; operators inspect it (an alarm fires on depth > 0).");
    }

    /** SQS's batching window is whole seconds: the configured milliseconds, rounded up. */
    static long batchWindowSeconds(WebhookSettings settings) {
        return (settings.batchWindowMillis() + 999) / 1000;
    }

    /** The longest a job may rightly wait: every retry of the schedule, plus a batching window per attempt. */
    static Duration longestRightfulWait(WebhookSettings settings) {
        long millis = settings.retryMillis().stream().mapToLong(Long::longValue).sum()
                + settings.attempts() * batchWindowSeconds(settings) * 1000;
        return Duration.seconds((millis + 999) / 1000);
    }

    public Queue jobs() {
        return jobs;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public WebhookSettings settings() {
        return settings;
    }
}
