package dev.agentchat.wiring;

import java.net.URI;
import dev.agentchat.config.AppConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
        return builder(config).build();
    }

    /**
     * The configured builder, for callers that add to it before building (tests add an
     * execution interceptor that injects DynamoDB errors, and so keep every other setting).
     */
    public static DynamoDbClientBuilder builder(AppConfig config) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region()));
        if (config.dynamoDbEndpoint().isPresent()) {
            // LocalStack or DynamoDB Local: any static credentials are accepted.
            builder.endpointOverride(URI.create(config.dynamoDbEndpoint().get()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder;
    }
}
