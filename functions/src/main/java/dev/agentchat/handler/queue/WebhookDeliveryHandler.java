package dev.agentchat.handler.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.agentchat.config.WebhookSettings;
import dev.agentchat.realtime.WakeJob;
import dev.agentchat.realtime.WakeQueue;
import dev.agentchat.realtime.WebhookDeliveries;
import dev.agentchat.support.Metric;
import dev.agentchat.support.Metrics;
import dev.agentchat.support.RequestLog;
import dev.agentchat.wiring.Wiring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The wake queue's consumer (SPEC §13): the jobs of a batch that concern one webhook go out as
 * one coalesced delivery. A failed one is reported back to the queue after setting when it
 * comes back, from {@code WEBHOOK_RETRY_SECONDS} by its receive count; past the schedule it is
 * left to the queue's dead-letter queue. One log line per batch, with what became of it.
 */
public final class WebhookDeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String RECEIVE_COUNT = "ApproximateReceiveCount";

    private final WebhookDeliveries deliveries;
    private final WakeQueue queue;
    private final WebhookSettings settings;

    public WebhookDeliveryHandler() {
        this(Wiring.shared().requireWakeQueue());
    }

    private WebhookDeliveryHandler(Wiring wiring) {
        this(wiring.webhookDeliveries(), wiring.wakeQueue(), wiring.config().webhooks());
    }

    public WebhookDeliveryHandler(WebhookDeliveries deliveries, WakeQueue queue, WebhookSettings settings) {
        this.deliveries = deliveries;
        this.queue = queue;
        this.settings = settings;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        RequestLog.Entry log = RequestLog.start("queue", getClass().getSimpleName(), context)
                .put("messages", event.getRecords().size());
        Map<WebhookDeliveries.Outcome, Integer> outcomes = new LinkedHashMap<>();
        int unreadable = 0;
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Map<String, List<SQSEvent.SQSMessage>> byWebhook = new LinkedHashMap<>();
        Map<SQSEvent.SQSMessage, WakeJob> jobs = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                WakeJob job = WakeJob.parse(message.getBody());
                jobs.put(message, job);
                byWebhook.computeIfAbsent(job.keyHash(), k -> new ArrayList<>()).add(message);
            } catch (IllegalArgumentException e) {
                // Not ours to retry: acknowledge it so it does not come back.
                log.failed(e).put("dropped_message", message.getMessageId());
                unreadable++;
            }
        }
        for (Map.Entry<String, List<SQSEvent.SQSMessage>> webhook : byWebhook.entrySet()) {
            List<WakeJob> forWebhook = webhook.getValue().stream().map(jobs::get).toList();
            WebhookDeliveries.Outcome outcome;
            try {
                outcome = deliveries.deliver(webhook.getKey(), forWebhook);
            } catch (RuntimeException e) {
                log.failed(e);
                outcome = WebhookDeliveries.Outcome.FAILED;
            }
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome == WebhookDeliveries.Outcome.DELIVERED) {
                Metrics.process().count(Metric.WEBHOOK_DELIVERIES);
            } else if (outcome == WebhookDeliveries.Outcome.FAILED) {
                Metrics.process().count(Metric.WEBHOOK_FAILURES);
            }
            if (outcome != WebhookDeliveries.Outcome.FAILED) {
                continue;
            }
            for (SQSEvent.SQSMessage message : webhook.getValue()) {
                Optional<Long> wait = settings.retryAfter(receiveCount(message));
                // Past the schedule, the queue's own visibility timeout and redrive policy take it to the DLQ.
                wait.ifPresent(millis -> retryAfter(message, millis, log));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        log.put("unreadable", unreadable).put("webhooks", byWebhook.size());
        for (WebhookDeliveries.Outcome outcome : WebhookDeliveries.Outcome.values()) {
            log.put(outcome.name().toLowerCase(Locale.ROOT), outcomes.getOrDefault(outcome, 0));
        }
        log.put("retried", failures.size()).finish(null, null);
        return new SQSBatchResponse(failures);
    }

    /**
     * Sets when the job comes back. A failure here must not fail the invocation (that would bring
     * back the batch's delivered jobs too): the job is still reported, and returns after the
     * queue's own visibility timeout instead of the schedule's wait.
     */
    private void retryAfter(SQSEvent.SQSMessage message, long millis, RequestLog.Entry log) {
        try {
            queue.retryAfter(message.getReceiptHandle(), millis);
        } catch (RuntimeException e) {
            log.failed(e).put("unscheduled_message", message.getMessageId());
        }
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes();
        String count = attributes == null ? null : attributes.get(RECEIVE_COUNT);
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
