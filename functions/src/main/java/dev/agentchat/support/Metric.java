package dev.agentchat.support;

import java.util.Locale;

/**
 * Every metric the app reports, named once: the CloudWatch name and unit its EMF lines carry
 * (namespace {@link #NAMESPACE}), and the Prometheus name the standalone server's
 * {@code /metrics} shows it under. The CDK dashboard charts these names.
 */
public enum Metric {
    MESSAGES_SENT("MessagesSent", "Count", "messages_sent_total",
            "Messages accepted, by transport (rest, ws, mcp); replays of an idempotent send are not counted."),
    IDEMPOTENT_REPLAYS("IdempotentReplays", "Count", "idempotent_replays_total",
            "Sends answered from an earlier identical request (same idempotency key)."),
    DELIVERIES("Deliveries", "Count", "deliveries_total", "Event frames the fan-out pushed to a socket."),
    PUSH_FAILURES("PushFailures", "Count", "push_failures_total",
            "Pushes to a socket that failed (the batch is retried)."),
    PUSH_GONE("PushGone", "Count", "push_gone_total", "Pushes that found the socket gone (410); it is forgotten."),
    FAN_OUT_LAG("FanOutLag", "Milliseconds", "fan_out_lag_milliseconds",
            "Push time minus the event's timestamp, per delivered frame."),
    RATE_LIMITED("RateLimited", "Count", "rate_limited_total", "Requests and frames refused with RATE_LIMITED."),
    LONG_POLL_WAKEUPS("LongPollWakeups", "Count", "long_poll_wakeups_total",
            "Waiting reads that woke up because something arrived (not at their deadline)."),
    GUARD_PAUSES("GuardPauses", "Count", "guard_pauses_total",
            "Rooms the loop guard paused (agents spent their turn budget)."),
    WEBHOOK_DELIVERIES("WebhookDeliveries", "Count", "webhook_deliveries_total",
            "Webhook wake-ups the receiver answered 2xx."),
    WEBHOOK_FAILURES("WebhookFailures", "Count", "webhook_failures_total",
            "Webhook wake-ups that failed and go back to the queue.");

    /** The CloudWatch namespace of every metric. */
    public static final String NAMESPACE = "AgentChat";
    /** The one dimension: of {@link #MESSAGES_SENT}. */
    public static final String TRANSPORT_DIMENSION = "Transport";

    /** How a message reached the server. */
    public enum Transport {
        REST, WS, MCP;

        /** The dimension's value: {@code rest}, {@code ws}, {@code mcp}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String cloudWatchName;
    private final String unit;
    private final String prometheusName;
    private final String help;

    Metric(String cloudWatchName, String unit, String prometheusName, String help) {
        this.cloudWatchName = cloudWatchName;
        this.unit = unit;
        this.prometheusName = prometheusName;
        this.help = help;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }

    public String unit() {
        return unit;
    }

    /** Without the {@code agentchat_} prefix the exposition adds. */
    public String prometheusName() {
        return prometheusName;
    }

    public String help() {
        return help;
    }
}
