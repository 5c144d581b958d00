package dev.agentchat.wiring;

import java.net.URI;
import dev.agentchat.config.AppConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the DynamoDB client once per container. The URL-connection HTTP client is the
 * lightest to load (cold start) and plenty for a Lambda that serves one request at a time.
 */
public final class DynamoDbClients {
    private DynamoDbClients() {
    }

    public static DynamoDbClient create(AppConfig config) {
        return create(config, AwsCredentials.forConfig(config));
    }

    /** The client signing with {@code credentials} (the container's shared provider). */
    public static DynamoDbClient create(AppConfig config, AwsCredentialsProvider credentials) {
        return builder(config, credentials).build();
    }

    /**
     * The configured builder, for callers that add to it before building (tests add an
     * execution interceptor that injects DynamoDB errors, and so keep every other setting).
     */
    public static DynamoDbClientBuilder builder(AppConfig config) {
        return builder(config, AwsCredentials.forConfig(config));
    }

    private static DynamoDbClientBuilder builder(AppConfig config, AwsCredentialsProvider credentials) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials);
        // LocalStack or DynamoDB Local.
        config.dynamoDbEndpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        return builder;
    }
}
