package dev.agentchat.infra;

import dev.agentchat.Routes;
import java.util.List;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRoute;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The WebSocket API: routes by the frame's {@code type} ({@code $request.body.type}) to the
 * handlers of {@link Routes#WEBSOCKET}, served from a throttled {@code prod} stage.
 */
public final class SocketApi extends Construct {
    public static final String STAGE = "prod";
    public static final String ROUTE_SELECTION = "$request.body.type";
    static final int RATE_LIMIT = 100;
    static final int BURST_LIMIT = 200;

    private final WebSocketApi api;
    private final WebSocketStage stage;

    public SocketApi(Construct scope, String id) {
        super(scope, id);
        this.api = WebSocketApi.Builder.create(this, "Api")
                .apiName("agentchat-ws")
                .description("AgentChat WebSocket API")
                .routeSelectionExpression(ROUTE_SELECTION)
                .build();
        this.stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(STAGE)
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(RATE_LIMIT).burstLimit(BURST_LIMIT).build())
                .accessLogSettings(new AccessLogs(this, "AccessLogs", AccessLogs.WEBSOCKET_FORMAT))
                .build();
        // Unlike HTTP APIs, a WebSocket stage logs only once the account names a role API Gateway
        // writes CloudWatch Logs with; without it the stage fails to deploy. Retained: the
        // setting is account-wide and other stacks may rely on it.
        Role pushToLogs = Role.Builder.create(this, "ApiGatewayLogsRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(
                        "service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                .build();
        pushToLogs.applyRemovalPolicy(RemovalPolicy.RETAIN);
        NagRules.suppress(pushToLogs, "AwsSolutions-IAM4", "API Gateway's account-wide logging role: AWS documents"
                + " this managed policy for it, and API Gateway names the log groups it creates itself.");
        CfnAccount account = CfnAccount.Builder.create(this, "ApiGatewayAccount")
                .cloudWatchRoleArn(pushToLogs.getRoleArn())
                .build();
        account.applyRemovalPolicy(RemovalPolicy.RETAIN);
        stage.getNode().addDependency(account);
    }

    /** Why no route has an API Gateway authorizer (cdk-nag APIG4). */
    private static final String AUTHORIZED_BY_HANDLERS = "Authorization is the handlers' own: agent keys and session tokens are bearer secrets checked"
                + " against stored digests per request (SPEC §4); API Gateway authorizers would add a call and"
                + " latency to every request and still need the same lookup.";

    /** The API's id (its CloudWatch metrics' {@code ApiId} dimension). */
    public String apiId() {
        return api.getApiId();
    }

    public void addRoute(Routes.WsRoute route, IFunction target) {
        WebSocketRoute added = api.addRoute(route.routeKey(), WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration(route.handler().getSimpleName() + "Integration", target))
                .build());
        NagRules.suppress(added, "AwsSolutions-APIG4", AUTHORIZED_BY_HANDLERS);
    }

    /** {@code execute-api:ManageConnections} on this API's {@code prod} stage only (post, get, delete @connections). */
    public void grantManageConnections(IGrantable grantee) {
        stage.grantManagementApiAccess(grantee);
    }

    /** The API's origin, {@code wss://{id}.execute-api.{region}.amazonaws.com} (what a CSP names). */
    public String endpoint() {
        return api.getApiEndpoint();
    }

    /** What clients connect to: {@code wss://{id}.execute-api.{region}.amazonaws.com/prod}. */
    public String url() {
        return api.getApiEndpoint() + "/" + STAGE;
    }

    /**
     * The Management API endpoint for {@code PostToConnection}: the same host over https, with
     * the stage. Derived from the API's own endpoint attribute (not a formatted amazonaws.com
     * name) so that emulators such as LocalStack hand back their own host.
     */
    public String managementEndpoint() {
        return "https://" + Fn.select(1, Fn.split("://", api.getApiEndpoint())) + "/" + STAGE;
    }
}
