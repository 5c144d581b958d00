package dev.agentchat.realtime;

import dev.agentchat.config.AppConfig;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClientBuilder;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/** {@link ConnectionGateway} over the real API Gateway Management API client. */
public final class ManagementApiGateway implements ConnectionGateway {
    /** The header that carries the standalone server's secret (see {@link #createLocal}). */
    public static final String LOCAL_KEY_HEADER = "x-agentchat-local-key";

    private final ApiGatewayManagementApiClient client;

    public ManagementApiGateway(ApiGatewayManagementApiClient client) {
        this.client = client;
    }

    /**
     * Builds the client once per container for the WebSocket API's
     * {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}, signing with the
     * function's role.
     */
    public static ManagementApiGateway create(AppConfig config) {
        return new ManagementApiGateway(builder(config)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build());
    }

    /**
     * The same client for the standalone server's emulated endpoint. SigV4 would prove nothing
     * to an emulator in the same process, and signing every pushed frame cost a tenth of the
     * server's CPU under load; so requests go unsigned and carry a secret only this process
     * knows, which keeps other local processes from writing to sockets.
     */
    public static ManagementApiGateway createLocal(AppConfig config, String localKey) {
        return new ManagementApiGateway(builder(config)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                                            ExecutionAttributes attributes) {
                        return context.httpRequest().toBuilder().putHeader(LOCAL_KEY_HEADER, localKey).build();
                    }
                }))
                .build());
    }

    private static ApiGatewayManagementApiClientBuilder builder(AppConfig config) {
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
