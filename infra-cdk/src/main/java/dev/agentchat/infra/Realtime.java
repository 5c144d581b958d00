package dev.agentchat.infra;

import dev.agentchat.config.Limits;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The realtime plumbing around the handlers: the events table's stream into the fan-out (SPEC
 * §7), with poison records parked in a queue, and the sweeper's one-minute schedule.
 */
public final class Realtime extends Construct {
    /**
     * Small batches, no batching window: a new message should reach sockets in tens of
     * milliseconds, and a failed batch retries less work.
     */
    static final int STREAM_BATCH_SIZE = 10;
    static final Duration STREAM_BATCHING_WINDOW = Duration.seconds(0);
    /** Retries of a failing batch (bisected, from the first reported failure) before it goes to the queue. */
    static final int STREAM_RETRY_ATTEMPTS = 3;
    /** Older frames are not worth pushing: a reconnecting client catches up with {@code after_seq}. */
    static final Duration STREAM_MAX_RECORD_AGE = Duration.minutes(5);

    private final Queue failedRecords;

    public Realtime(Construct scope, String id, ITable events, Alias fanOut, Alias sweeper) {
        super(scope, id);
        this.failedRecords = Queue.Builder.create(this, "FailedStreamRecords")
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
        fanOut.addEventSource(DynamoEventSource.Builder.create(events)
                .startingPosition(StartingPosition.LATEST)
                .filters(List.of(FilterCriteria.filter(Map.of("eventName", FilterRule.isEqual("INSERT")))))
                .batchSize(STREAM_BATCH_SIZE)
                .maxBatchingWindow(STREAM_BATCHING_WINDOW)
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(STREAM_RETRY_ATTEMPTS)
                .maxRecordAge(STREAM_MAX_RECORD_AGE)
                .onFailure(new SqsDlq(failedRecords))
                .build());

        NagRules.suppress(failedRecords, "AwsSolutions-SQS3", "This queue is itself the dead-letter destination"
                + " of the stream's event source mapping: records land here after their retries.");
        NagRules.suppress(failedRecords, "Serverless-SQSRedrivePolicy", "A dead-letter queue needs no redrive of"
                + " its own: nothing consumes it automatically; operators inspect it (an alarm fires on depth > 0).");
        NagRules.suppressMatching(fanOut.getLambda().getNode().getScope(), "AwsSolutions-IAM5", "^Resource::\\*$",
                "dynamodb:ListStreams has no resource-level permission (the event source mapping needs it); every"
                        + " other stream action is granted on the events table's stream only.");

        // A missed sweep is made up by the next one a minute later: no async retries, no stale events.
        sweeper.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(0)
                .maxEventAge(Duration.minutes(1))
                .build());
        NagRules.suppress(sweeper, "Serverless-LambdaAsyncFailureDestination", "A failed sweep needs no record:"
                + " the next one, a minute later, does the same work on fresher state.");
        Rule schedule = Rule.Builder.create(this, "SweepEveryMinute")
                .description("AgentChat sweeper: presence, pings, stale connections")
                // The sweeper reads silence in sweep intervals (SWEEP_INTERVAL_SECONDS, which the
                // stack leaves at its default): the schedule is that interval.
                .schedule(Schedule.rate(Duration.seconds(Limits.defaults().sweepIntervalSeconds())))
                .targets(List.of(new LambdaFunction(sweeper)))
                .build();
        NagRules.suppress(schedule, "Serverless-EventBusDLQ", "A schedule's missed invocation is not worth"
                + " keeping: the next minute's sweep replaces it.");
    }

    /** Where stream records go after their retries: anything here was not pushed. */
    public Queue failedRecords() {
        return failedRecords;
    }
}
