package dev.agentchat.infra;

import static dev.agentchat.support.Metric.DELIVERIES;
import static dev.agentchat.support.Metric.FAN_OUT_LAG;
import static dev.agentchat.support.Metric.GUARD_PAUSES;
import static dev.agentchat.support.Metric.IDEMPOTENT_REPLAYS;
import static dev.agentchat.support.Metric.LONG_POLL_WAKEUPS;
import static dev.agentchat.support.Metric.MESSAGES_SENT;
import static dev.agentchat.support.Metric.NAMESPACE;
import static dev.agentchat.support.Metric.PUSH_FAILURES;
import static dev.agentchat.support.Metric.PUSH_GONE;
import static dev.agentchat.support.Metric.RATE_LIMITED;
import static dev.agentchat.support.Metric.TRANSPORT_DIMENSION;
import static dev.agentchat.support.Metric.WEBHOOK_DELIVERIES;
import static dev.agentchat.support.Metric.WEBHOOK_FAILURES;

import dev.agentchat.support.Metric.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Alarms and one dashboard for the whole stack. Alarms over many resources are metric math
 * sums (CloudWatch lets one alarm's math use at most {@value #METRICS_PER_ALARM} metrics), so 36
 * functions cost four error alarms rather than 36: CloudFormation allows 500 resources a stack.
 * With an e-mail address in context every alarm notifies it through one SNS topic.
 */
public final class Monitoring extends Construct {
    /** CloudWatch's limit on the metrics one alarm's math expression may use. */
    static final int METRICS_PER_ALARM = 10;
    static final Duration PERIOD = Duration.minutes(5);
    /** A fan-out further behind the stream than this is no longer realtime. */
    static final int ITERATOR_AGE_ALARM_MS = 60_000;
    /** The send route's slowest 1 % above this is felt by every agent in the room. */
    static final int SEND_P99_ALARM_MS = 1_000;
    /** Server errors of an API in one period before anyone is woken. */
    static final int API_ERRORS_ALARM = 5;

    private final Optional<Topic> topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final List<IWidget> widgets = new ArrayList<>();

    public Monitoring(Construct scope, String id, Optional<String> alarmEmail) {
        super(scope, id);
        this.topic = alarmEmail.map(email -> {
            Topic t = Topic.Builder.create(this, "Alarms").displayName("AgentChat alarms").enforceSsl(true).build();
            t.addSubscription(new EmailSubscription(email));
            return t;
        });
    }

    /** Errors and throttles of every function, a summed alarm per group of at most ten. */
    public void watchFunctions(List<HandlerFunction> functions) {
        List<IFunction> all = functions.stream().map(f -> (IFunction) f.function()).toList();
        sumAlarms("FunctionErrors", "Lambda errors (crashes, timeouts) across AgentChat functions", all,
                fn -> fn.metricErrors(sum()), 1);
        sumAlarms("FunctionThrottles", "Lambda throttles across AgentChat functions", all,
                fn -> fn.metricThrottles(sum()), 1);
        widgets.add(graph("Lambda errors", all, fn -> fn.metricErrors(sum())));
        widgets.add(graph("Lambda throttles", all, fn -> fn.metricThrottles(sum())));
        widgets.add(graph("Lambda p99 duration (ms)", all, fn -> fn.metricDuration(stat("p99"))));
    }

    /** The send route's p99 duration: what an agent waits for its 201. */
    public void watchSendLatency(IFunction send) {
        alarm("SendLatency", "Send route p99 above " + SEND_P99_ALARM_MS + " ms",
                send.metricDuration(stat("p99")), SEND_P99_ALARM_MS, 3);
    }

    /** Server errors of the HTTP API ({@code 5xx}) by API id. */
    public void watchHttpApi(String apiId) {
        Metric errors = apiMetric("5xx", "ApiId", apiId, "Sum");
        alarm("HttpApi5xx", "HTTP API 5xx responses", errors, API_ERRORS_ALARM, 1);
        widgets.add(GraphWidget.Builder.create().title("HTTP API: 5xx, 4xx, p99 latency")
                .left(List.of(errors, apiMetric("4xx", "ApiId", apiId, "Sum")))
                .right(List.of(apiMetric("Latency", "ApiId", apiId, "p99")))
                .build());
    }

    /** Integration errors of the WebSocket API (a handler failed or timed out). */
    public void watchWebSocketApi(String apiId) {
        Metric errors = apiMetric("IntegrationError", "ApiId", apiId, "Sum");
        alarm("WebSocketIntegrationErrors", "WebSocket API integration errors", errors, API_ERRORS_ALARM, 1);
        widgets.add(GraphWidget.Builder.create().title("WebSocket API: messages, integration errors")
                .left(List.of(apiMetric("MessageCount", "ApiId", apiId, "Sum")))
                .right(List.of(errors))
                .build());
    }

    /** A dead-letter queue: anything in it is a record or job that exhausted its retries. */
    public void watchDeadLetters(String name, IQueue queue) {
        IMetric depth = queue.metricApproximateNumberOfMessagesVisible(stat("Maximum"));
        alarm(name + "Depth", name + ": messages waiting (retries exhausted)", depth, 1, 1);
        widgets.add(GraphWidget.Builder.create().title(name + " depth").left(List.of(depth)).build());
    }

    /**
     * A work queue's oldest job: older than {@code rightfulWait} (the longest its retries may
     * rightly keep a job) means the consumer is failing or behind.
     */
    public void watchQueueAge(String name, IQueue queue, Duration rightfulWait) {
        IMetric age = queue.metricApproximateAgeOfOldestMessage(stat("Maximum"));
        double seconds = rightfulWait.toSeconds().doubleValue();
        alarm(name + "OldestMessageAge", name + ": a job waiting longer than " + (long) seconds
                + " s (the whole retry schedule)", age, seconds, 1);
        widgets.add(GraphWidget.Builder.create().title(name + " oldest job (s)").left(List.of(age)).build());
    }

    /** How far a stream consumer is behind the newest record. */
    public void watchIteratorAge(String name, IFunction consumer) {
        Metric age = consumer.metric("IteratorAge", stat("Maximum"));
        alarm(name + "IteratorAge", name + " behind the stream by over " + ITERATOR_AGE_ALARM_MS + " ms", age,
                ITERATOR_AGE_ALARM_MS, 2);
        widgets.add(GraphWidget.Builder.create().title(name + " iterator age (ms)").left(List.of(age)).build());
    }

    /** Read and write throttle events of every table, summed. */
    public void watchTables(List<? extends ITable> tables) {
        sumAlarms("TableReadThrottles", "DynamoDB read throttle events", tables,
                t -> tableMetric(t, "ReadThrottleEvents"), 1);
        sumAlarms("TableWriteThrottles", "DynamoDB write throttle events", tables,
                t -> tableMetric(t, "WriteThrottleEvents"), 1);
        widgets.add(graph("DynamoDB consumed write units", tables, t -> tableMetric(t, "ConsumedWriteCapacityUnits")));
        widgets.add(graph("DynamoDB consumed read units", tables, t -> tableMetric(t, "ConsumedReadCapacityUnits")));
    }

    /**
     * What the functions report as EMF (namespace {@code AgentChat}, names from the functions'
     * {@code support.Metric}): sends by transport, the fan-out's deliveries, failures and lag, and
     * the guards' work. Charts only: these count what users do; no level of them is a fault by itself.
     */
    public void chartAppMetrics() {
        List<IMetric> sent = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            sent.add(appMetric(MESSAGES_SENT, "Sum", Map.of(TRANSPORT_DIMENSION, transport.label())));
        }
        widgets.add(GraphWidget.Builder.create().title("Messages sent by transport").width(12).left(sent).build());
        widgets.add(GraphWidget.Builder.create().title("Fan-out: deliveries (left), failed pushes and sockets gone")
                .width(12)
                .left(List.of(appMetric(DELIVERIES, "Sum", Map.of())))
                .right(List.of(appMetric(PUSH_FAILURES, "Sum", Map.of()), appMetric(PUSH_GONE, "Sum", Map.of())))
                .build());
        widgets.add(GraphWidget.Builder.create().title("Fan-out lag (ms): push time minus event time").width(12)
                .left(List.of(appMetric(FAN_OUT_LAG, "p50", Map.of()), appMetric(FAN_OUT_LAG, "p99", Map.of()),
                        appMetric(FAN_OUT_LAG, "Maximum", Map.of())))
                .build());
        widgets.add(GraphWidget.Builder.create().title("Rate limited, idempotent replays, long-poll wakes, guard pauses")
                .width(12)
                .left(List.of(appMetric(RATE_LIMITED, "Sum", Map.of()), appMetric(IDEMPOTENT_REPLAYS, "Sum", Map.of()),
                        appMetric(LONG_POLL_WAKEUPS, "Sum", Map.of()), appMetric(GUARD_PAUSES, "Sum", Map.of())))
                .build());
        widgets.add(GraphWidget.Builder.create().title("Webhook wake-ups: delivered, failed").width(12)
                .left(List.of(appMetric(WEBHOOK_DELIVERIES, "Sum", Map.of()), appMetric(WEBHOOK_FAILURES, "Sum", Map.of())))
                .build());
    }

    /** Builds the dashboard from everything watched; call once, last. */
    public Dashboard dashboard() {
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").build();
        for (int i = 0; i < widgets.size(); i += 2) {
            dashboard.addWidgets(widgets.subList(i, Math.min(i + 2, widgets.size())).toArray(IWidget[]::new));
        }
        return dashboard;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    private <T> void sumAlarms(String id, String what, List<T> resources, Function<T, IMetric> metric,
                               double threshold) {
        for (int from = 0, group = 1; from < resources.size(); from += METRICS_PER_ALARM, group++) {
            Map<String, IMetric> used = new LinkedHashMap<>();
            List<T> chunk = resources.subList(from, Math.min(from + METRICS_PER_ALARM, resources.size()));
            for (int i = 0; i < chunk.size(); i++) {
                used.put("m" + i, metric.apply(chunk.get(i)));
            }
            MathExpression total = MathExpression.Builder.create()
                    .expression("SUM(METRICS())")
                    .usingMetrics(used)
                    .label(what)
                    .period(PERIOD)
                    .build();
            alarm(id + group, what + " (group " + group + ")", total, threshold, 1);
        }
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription("AgentChat: " + description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                // No data is no traffic, not a fault.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        topic.ifPresent(t -> {
            alarm.addAlarmAction(new SnsAction(t));
            alarm.addOkAction(new SnsAction(t));
        });
        alarms.add(alarm);
    }

    private static <T> GraphWidget graph(String title, List<T> resources, Function<T, IMetric> metric) {
        return GraphWidget.Builder.create().title(title).width(12)
                .left(resources.stream().map(metric).toList())
                .build();
    }

    /** One of the app's own metrics (the functions' {@code support.Metric}, whose simple name the CDK's Metric takes here). */
    private static Metric appMetric(dev.agentchat.support.Metric metric, String statistic,
                                    Map<String, String> dimensions) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(metric.cloudWatchName())
                .dimensionsMap(dimensions).statistic(statistic).period(PERIOD).build();
    }

    private static Metric apiMetric(String name, String dimension, String value, String statistic) {
        return Metric.Builder.create().namespace("AWS/ApiGateway").metricName(name)
                .dimensionsMap(Map.of(dimension, value)).statistic(statistic).period(PERIOD).build();
    }

    private static IMetric tableMetric(ITable table, String name) {
        return table.metric(name, sum());
    }

    private static MetricOptions sum() {
        return stat("Sum");
    }

    private static MetricOptions stat(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
    }
}
