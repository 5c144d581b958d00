package dev.agentchat.standalone;

import dev.agentchat.support.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /ready}: 200 when this server can read its DynamoDB (one GetItem of a key that
 * does not exist, on the rooms table), else 503, for a process supervisor or load balancer.
 *
 * <p>Standalone only, and so not in the route table: {@code Routes} is what API Gateway, the
 * CDK stack, the refusal matrix and the OpenAPI document are made from, and on AWS there is no
 * long-lived process to ask (each Lambda is started for its request; alarms watch them). For the
 * same reason it is outside {@code /api}, the route table's namespace, next to {@code /metrics}.
 */
final class ReadinessEndpoint implements HttpHandler {
    static final String PATH = "/ready";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final DynamoDbClient db;
    private final String table;
    private final String keyName;

    ReadinessEndpoint(DynamoDbClient db, String table, String keyName) {
        this.db = db;
        this.table = table;
        this.keyName = keyName;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            // The probe blocks on DynamoDB: not on an I/O thread.
            exchange.dispatch(this);
            return;
        }
        String problem = probe();
        exchange.setStatusCode(problem == null ? 200 : 503);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(Json.write(problem == null
                ? Json.object().put("status", "ready")
                : Json.object().put("status", "unavailable").put("reason", problem)), StandardCharsets.UTF_8);
    }

    /** Null if DynamoDB answered, else what went wrong (the exception's type: no more is said to a caller). */
    String probe() {
        try {
            db.getItem(r -> r.tableName(table)
                    .key(Map.of(keyName, AttributeValue.fromS("readiness-probe")))
                    .overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT)));
            return null;
        } catch (RuntimeException e) {
            return "DynamoDB did not answer (" + e.getClass().getSimpleName() + ")";
        }
    }
}
