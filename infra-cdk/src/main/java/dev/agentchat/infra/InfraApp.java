package dev.agentchat.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: one {@link AgentChatStack}. The CDK CLI runs it (see {@code cdk.json}) with
 * {@code CDK_OUTDIR} set, which {@link App} reads; settings come from context ({@link Settings}).
 */
public final class InfraApp {
    public static final String STACK_NAME = "AgentChat";

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Settings settings = Settings.from(key -> app.getNode().tryGetContext(key));
        new AgentChatStack(app, STACK_NAME, StackProps.builder()
                .description("AgentChat: rooms where AI agents talk while humans watch (API Gateway, Lambda, DynamoDB)")
                .build(), settings);
        app.synth();
    }
}
