package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.at;
import static dev.agentchat.infra.SynthesizedStack.functionOf;
import static dev.agentchat.infra.SynthesizedStack.map;
import static dev.agentchat.infra.SynthesizedStack.props;
import static dev.agentchat.infra.SynthesizedStack.refs;
import static dev.agentchat.infra.SynthesizedStack.resource;
import static dev.agentchat.infra.SynthesizedStack.resources;
import static dev.agentchat.infra.SynthesizedStack.statementsOf;
import static dev.agentchat.infra.SynthesizedStack.strings;
import static dev.agentchat.infra.SynthesizedStack.tableOf;
import static dev.agentchat.infra.SynthesizedStack.theRefOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentchat.Routes;
import dev.agentchat.config.WebhookSettings;
import dev.agentchat.store.Tables;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Webhook wake-ups in the deployment (SPEC §13): the wake queue and its dead-letter queue, the
 * events stream's second consumer producing to it, the delivery function consuming it with
 * partial batch failures, each role holding only its side of the queue, and the alarms.
 */
class WakeupsTest {
    private static final WebhookSettings SETTINGS = WebhookSettings.defaults();
    private static final Set<String> CONSUMER_ACTIONS = Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");

    @Test
    void theWakeQueue_redrivesToItsDeadLetterQueue_afterTheWholeSchedule() {
        Map<String, Object> jobs = props(resource(jobsQueue()));
        String dlq = theRefOfType(at(jobs, "RedrivePolicy", "deadLetterTargetArn"), "AWS::SQS::Queue");
        assertEquals(SETTINGS.attempts(), ((Number) at(jobs, "RedrivePolicy", "maxReceiveCount")).intValue(),
                "the first attempt and one per retry of WEBHOOK_RETRY_SECONDS");
        assertTrue(props(resource(dlq)).get("RedrivePolicy") == null, "the dead-letter queue redrives nowhere");
        long visibility = ((Number) jobs.get("VisibilityTimeout")).longValue();
        long timeout = ((Number) props(resource(functionOf(Routes.DELIVERY_HANDLER))).get("Timeout")).longValue();
        assertTrue(visibility >= 6 * timeout, "visibility " + visibility + " s under six delivery timeouts");
        long retention = ((Number) jobs.get("MessageRetentionPeriod")).longValue();
        assertTrue(retention * 1000 > SETTINGS.retryMillis().stream().mapToLong(Long::longValue).sum(),
                "a job must outlive its retries");
        assertTrue(visibility <= 43_200 && SETTINGS.retryMillis().stream().allMatch(ms -> ms <= 43_200_000L),
                "every wait fits SQS's 12-hour visibility limit");
    }

    @Test
    void bothQueues_areEncrypted_andRefuseRequestsWithoutTls() {
        String jobs = jobsQueue();
        String dlq = theRefOfType(at(props(resource(jobs)), "RedrivePolicy", "deadLetterTargetArn"), "AWS::SQS::Queue");
        for (String queue : List.of(jobs, dlq)) {
            assertEquals(true, props(resource(queue)).get("SqsManagedSseEnabled"), queue);
            boolean sslOnly = resources("AWS::SQS::QueuePolicy").values().stream()
                    .filter(p -> refs(props(p).get("Queues")).contains(queue))
                    .flatMap(p -> ((List<?>) at(props(p), "PolicyDocument", "Statement")).stream())
                    .anyMatch(s -> "Deny".equals(map(s).get("Effect"))
                            && "false".equals(String.valueOf(at(s, "Condition", "Bool", "aws:SecureTransport"))));
            assertTrue(sslOnly, queue + " accepts plain-HTTP requests");
        }
    }

    @Test
    void theWakeHandler_readsOnlyInsertsOfTheEventsStream_withPartialFailures() throws Exception {
        Map<String, Object> mapping = SynthesizedStack.mappingOf(Routes.WAKE_HANDLER);
        assertEquals(List.of(tableOf(Tables.EVENTS.envVar())), List.copyOf(refs(mapping.get("EventSourceArn"))));
        assertTrue(String.valueOf(mapping.get("EventSourceArn")).contains("StreamArn"));
        List<?> filters = (List<?>) at(mapping, "FilterCriteria", "Filters");
        assertEquals(1, filters.size());
        Object pattern = new ObjectMapper().readValue(String.valueOf(at(filters.get(0), "Pattern")), Map.class);
        assertEquals(Map.of("eventName", List.of("INSERT")), pattern);
        assertEquals(List.of("ReportBatchItemFailures"), mapping.get("FunctionResponseTypes"));
        assertEquals(true, mapping.get("BisectBatchOnFunctionError"));
        assertEquals(0, ((Number) mapping.get("MaximumBatchingWindowInSeconds")).intValue(), "wakes wait for nothing here");
        theRefOfType(at(mapping, "DestinationConfig", "OnFailure", "Destination"), "AWS::SQS::Queue");
    }

    @Test
    void theDeliveryFunction_consumesTheWakeQueue_inBatchesWithItemFailures() {
        Map<String, Object> mapping = SynthesizedStack.mappingOf(Routes.DELIVERY_HANDLER);
        assertEquals(jobsQueue(), theRefOfType(mapping.get("EventSourceArn"), "AWS::SQS::Queue"));
        assertEquals(List.of("ReportBatchItemFailures"), mapping.get("FunctionResponseTypes"),
                "one failed delivery must not bring its batch back");
        assertEquals(Wakeups.QUEUE_BATCH_SIZE, ((Number) mapping.get("BatchSize")).intValue());
        assertEquals((SETTINGS.batchWindowMillis() + 999) / 1000,
                ((Number) mapping.get("MaximumBatchingWindowInSeconds")).intValue(), "WEBHOOK_BATCH_WINDOW_MS, rounded up");
        assertEquals(Wakeups.MAX_DELIVERY_CONCURRENCY,
                ((Number) at(mapping, "ScalingConfig", "MaximumConcurrency")).intValue());
        assertFalse(props(resource(functionOf(Routes.DELIVERY_HANDLER))).containsKey("ReservedConcurrentExecutions"),
                "reserved concurrency would throttle SQS invocations, and a throttle counts as a receive");
    }

    @Test
    void theDeliveryTimeout_coversABatchOfSlowReceivers() {
        long timeout = ((Number) props(resource(functionOf(Routes.DELIVERY_HANDLER))).get("Timeout")).longValue();
        assertTrue(timeout * 1000 >= (long) Wakeups.QUEUE_BATCH_SIZE * 2 * SETTINGS.timeoutMillis(),
                "timeout " + timeout + " s: a batch may hold as many webhooks, each a connect and a read");
    }

    @Test
    void onlyTheProducerSends_andOnlyTheConsumerReceives() {
        String jobs = jobsQueue();
        for (String function : SynthesizedStack.agentChatFunctions().keySet()) {
            Set<String> onJobs = new TreeSet<>();
            for (Map<String, Object> statement : statementsOf(function)) {
                if (refs(statement.get("Resource")).contains(jobs)) {
                    onJobs.addAll(strings(statement.get("Action")));
                }
            }
            if (function.equals(functionOf(Routes.WAKE_HANDLER))) {
                assertEquals(Set.of("sqs:SendMessage"), onJobs, "the wake producer");
            } else if (function.equals(functionOf(Routes.DELIVERY_HANDLER))) {
                assertEquals(CONSUMER_ACTIONS, onJobs, "the wake consumer");
            } else {
                assertEquals(Set.of(), onJobs, function + " has no business with the wake queue");
            }
        }
    }

    @Test
    void theQueueUrl_isGivenToTheWakeFunctionsOnly() {
        String jobs = jobsQueue();
        SynthesizedStack.agentChatFunctions().forEach((id, fn) -> {
            Object url = at(props(fn), "Environment", "Variables", WebhookSettings.QUEUE_URL);
            boolean wakes = id.equals(functionOf(Routes.WAKE_HANDLER)) || id.equals(functionOf(Routes.DELIVERY_HANDLER));
            assertEquals(wakes, url != null, id + ": " + WebhookSettings.QUEUE_URL);
            if (url != null) {
                assertTrue(refs(url).contains(jobs), id + ": " + url);
            }
        });
    }

    @Test
    void alarms_watchTheDeadLetters_theOldestJob_andTheWakeStream() {
        String jobs = jobsQueue();
        String dlq = theRefOfType(at(props(resource(jobs)), "RedrivePolicy", "deadLetterTargetArn"), "AWS::SQS::Queue");
        Map<String, Object> depth = alarmOn("ApproximateNumberOfMessagesVisible", dlq);
        assertEquals(1.0, ((Number) depth.get("Threshold")).doubleValue(), "any dead-lettered wake is worth a look");
        Map<String, Object> age = alarmOn("ApproximateAgeOfOldestMessage", jobs);
        long threshold = ((Number) age.get("Threshold")).longValue();
        long schedule = SETTINGS.retryMillis().stream().mapToLong(Long::longValue).sum() / 1000;
        assertTrue(threshold >= schedule && threshold <= schedule + 600,
                "oldest-job alarm at " + threshold + " s for a " + schedule + " s schedule");
        boolean iteratorAge = resources("AWS::CloudWatch::Alarm").values().stream()
                .anyMatch(a -> "IteratorAge".equals(props(a).get("MetricName"))
                        && refs(props(a).get("Dimensions")).contains(functionOf(Routes.WAKE_HANDLER)));
        assertTrue(iteratorAge, "no iterator-age alarm on the wake stream consumer");
    }

    private static Map<String, Object> alarmOn(String metric, String queue) {
        List<Map<String, Object>> found = resources("AWS::CloudWatch::Alarm").values().stream()
                .map(SynthesizedStack::props)
                .filter(p -> metric.equals(p.get("MetricName")) && refs(p.get("Dimensions")).contains(queue))
                .toList();
        assertEquals(1, found.size(), metric + " alarms on " + queue);
        return found.get(0);
    }

    /** The queue the wake functions are told of. */
    private static String jobsQueue() {
        Object url = at(props(resource(functionOf(Routes.WAKE_HANDLER))), "Environment", "Variables",
                WebhookSettings.QUEUE_URL);
        return theRefOfType(url, "AWS::SQS::Queue");
    }
}
