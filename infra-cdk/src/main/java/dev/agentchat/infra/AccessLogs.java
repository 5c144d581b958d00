package dev.agentchat.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** An API stage's access log: its own log group, one JSON line per request (or WebSocket frame). */
public final class AccessLogs extends Construct implements IAccessLogSettings {
    /** What an HTTP request's line holds; {@code $context} variables of API Gateway HTTP APIs. */
    static final String HTTP_FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
            + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
            + "\"latencyMs\":\"$context.responseLatency\",\"integrationLatencyMs\":\"$context.integrationLatency\","
            + "\"integrationError\":\"$context.integrationErrorMessage\",\"error\":\"$context.error.message\"}";
    /** What a WebSocket frame's line holds, with the connection it arrived on. */
    static final String WEBSOCKET_FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
            + "\"eventType\":\"$context.eventType\",\"connectionId\":\"$context.connectionId\","
            + "\"status\":\"$context.status\",\"integrationLatencyMs\":\"$context.integrationLatency\","
            + "\"integrationError\":\"$context.integrationErrorMessage\",\"error\":\"$context.error.message\"}";

    private final LogGroup logGroup;
    private final IAccessLogDestination destination;
    private final AccessLogFormat format;

    public AccessLogs(Construct scope, String id, String format) {
        super(scope, id);
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.destination = new LogGroupLogDestination(logGroup);
        this.format = AccessLogFormat.custom(format);
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    @Override
    public IAccessLogDestination getDestination() {
        return destination;
    }

    @Override
    public AccessLogFormat getFormat() {
        return format;
    }
}
