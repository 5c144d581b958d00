package dev.agentchat.bench.coldstart.harness;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.agentchat.config.AppConfig;
import dev.agentchat.wiring.DynamoDbClients;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start floor: the least a handler of ours can do. It builds the very client the
 * handlers build ({@link DynamoDbClients#create}, once per container) and reads one item.
 * Event: {@code table}, {@code key} (attribute name), {@code value} (a string key).
 */
public final class FloorHandler implements RequestHandler<Properties, String> {
    private final DynamoDbClient db = DynamoDbClients.create(AppConfig.fromEnv(System.getenv()));

    @Override
    public String handleRequest(Properties event, Context context) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(event.getProperty("table"))
                .key(Map.of(event.getProperty("key"), AttributeValue.fromS(event.getProperty("value"))))).item();
        return "found=" + (item != null && !item.isEmpty());
    }
}
