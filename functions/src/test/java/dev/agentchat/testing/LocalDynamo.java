package dev.agentchat.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.agentchat.config.AppConfig;
import dev.agentchat.config.Limits;
import dev.agentchat.store.TableSetup;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-memory DynamoDB Local per test JVM. Each test class gets its own table prefix, so
 * classes never see each other's data.
 */
public final class LocalDynamo {
    private static final AmazonDynamoDBLocal LOCAL = DynamoDBEmbedded.create(null, true);

    private LocalDynamo() {
    }

    public static DynamoDbClient client() {
        return LOCAL.dynamoDbClient();
    }

    /** A configuration with fresh tables (created) and the given limit overrides. */
    public static AppConfig freshConfig(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("TABLE_PREFIX", "t" + UUID.randomUUID().toString().substring(0, 8) + "-");
        all.putIfAbsent("BCRYPT_COST", "10");
        AppConfig config = AppConfig.fromEnv(all);
        TableSetup.createMissing(client(), config);
        return config;
    }

    public static Limits limits(Map<String, String> env) {
        return Limits.fromEnv(env);
    }
}
