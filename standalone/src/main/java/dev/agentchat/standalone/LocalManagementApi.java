package dev.agentchat.standalone;

import dev.agentchat.config.AppConfig;
import dev.agentchat.realtime.ManagementApiGateway;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClientBuilder;

/**
 * The handlers' Management API client in the standalone server, for its emulated endpoint.
 * SigV4 would prove nothing to an emulator in the same process, and signing every pushed frame
 * cost a tenth of the server's CPU under load; so requests go unsigned and carry a secret only
 * this process knows, which keeps other local processes from writing to sockets (the emulator's
 * HTTP endpoint stays reachable, and answers them 403).
 */
public final class LocalManagementApi {
    /** The header that carries the secret ({@link ManagementApiEmulator} checks it). */
    static final String KEY_HEADER = "x-agentchat-local-key";

    private LocalManagementApi() {
    }

    /** The real client over HTTP to the emulator at {@code WS_MANAGEMENT_ENDPOINT} (benches that stub it). */
    public static ManagementApiGateway create(AppConfig config, String localKey) {
        return new ManagementApiGateway(unsigned(ManagementApiGateway.clientBuilder(config), localKey).build());
    }

    /**
     * The real client, as configured for any deployment, unsigned and carrying {@code localKey},
     * its requests carried by {@code transport} (the emulator in-process, see {@link InProcessHttpClient}).
     */
    static ManagementApiGateway create(AppConfig config, String localKey, SdkHttpClient transport) {
        return new ManagementApiGateway(unsigned(ManagementApiGateway.clientBuilder(config).httpClient(transport), localKey)
                .build());
    }

    private static ApiGatewayManagementApiClientBuilder unsigned(ApiGatewayManagementApiClientBuilder builder, String localKey) {
        return builder.credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                                            ExecutionAttributes attributes) {
                        return context.httpRequest().toBuilder().putHeader(KEY_HEADER, localKey).build();
                    }
                }));
    }
}
