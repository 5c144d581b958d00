package dev.agentchat.standalone;

import dev.agentchat.config.AppConfig;
import dev.agentchat.realtime.ManagementApiGateway;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The handlers' Management API client in the standalone server, for its emulated endpoint.
 * SigV4 would prove nothing to an emulator in the same process, and signing every pushed frame
 * cost a tenth of the server's CPU under load; so requests go unsigned and carry a secret only
 * this process knows, which keeps other local processes from writing to sockets.
 */
public final class LocalManagementApi {
    /** The header that carries the secret ({@link ManagementApiEmulator} checks it). */
    static final String KEY_HEADER = "x-agentchat-local-key";

    private LocalManagementApi() {
    }

    /** The real client, as configured for any deployment, unsigned and carrying {@code localKey}. */
    public static ManagementApiGateway create(AppConfig config, String localKey) {
        return new ManagementApiGateway(ManagementApiGateway.clientBuilder(config)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                                            ExecutionAttributes attributes) {
                        return context.httpRequest().toBuilder().putHeader(KEY_HEADER, localKey).build();
                    }
                }))
                .build());
    }
}
