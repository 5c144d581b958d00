package dev.agentchat.realtime;

import dev.agentchat.config.AppConfig;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClientBuilder;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/** {@link ConnectionGateway} over the real API Gateway Management API client. */
public final class ManagementApiGateway implements ConnectionGateway {
    private final ApiGatewayManagementApiClient client;

    public ManagementApiGateway(ApiGatewayManagementApiClient client) {
        this.client = client;
    }

    /**
     * Builds the client once per container for the WebSocket API's
     * {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}, signing with the
     * function's role through {@code credentials} (the container's shared provider).
     */
    public static ManagementApiGateway create(AppConfig config, AwsCredentialsProvider credentials) {
        return new ManagementApiGateway(clientBuilder(config)
                .credentialsProvider(credentials)
                .build());
    }

    /**
     * The client's builder as every deployment configures it (transport, region, endpoint), for
     * callers that choose how requests are authenticated: {@link #create} signs them; the
     * standalone server adds its own secret instead.
     */
    public static ApiGatewayManagementApiClientBuilder clientBuilder(AppConfig config) {
        String endpoint = config.managementEndpoint()
                .orElseThrow(() -> new IllegalStateException("WS_MANAGEMENT_ENDPOINT must be set"));
        return ApiGatewayManagementApiClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region()))
                .endpointOverride(URI.create(endpoint));
    }

    @Override
    public void send(String connectionId, String frame) {
        try {
            client.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)));
        } catch (GoneException e) {
            throw new ConnectionGone(connectionId);
        }
    }

    @Override
    public void close(String connectionId) {
        try {
            client.deleteConnection(r -> r.connectionId(connectionId));
        } catch (GoneException e) {
            // Already closed.
        }
    }
}
