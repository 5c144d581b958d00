package dev.agentchat.wiring;

import dev.agentchat.config.AppConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The one credentials provider a container's AWS clients share. On AWS it is the SDK's default
 * chain (SnapStart restores need its container-credentials step, so it is not narrowed to the
 * environment): shared, the chain is probed once per container instead of once per client, which
 * a pushing handler's first request would otherwise pay twice. Against a local endpoint
 * (LocalStack, DynamoDB Local) any static credentials are accepted.
 */
public final class AwsCredentials {
    private AwsCredentials() {
    }

    public static AwsCredentialsProvider forConfig(AppConfig config) {
        if (config.dynamoDbEndpoint().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
