package dev.agentchat.infra;

import dev.agentchat.Routes;
import dev.agentchat.http.ResponseHeaders;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteKey;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/** The HTTP API: every route of {@link Routes#HTTP} and a {@code $default} route for the rest, CORS for the web UI, a throttled default stage. */
public final class RestApi extends Construct {
    /** Steady requests per second across the API, and the burst above it (API Gateway's token bucket). */
    static final int RATE_LIMIT = 100;
    static final int BURST_LIMIT = 200;

    /**
     * Steady requests per second, and burst, on each route that does costly work for anyone
     * (bcrypt on signup and login, a new key on public join): far below the API's own limit, so
     * one script cannot spend it all there. The server's per-address throttles still apply.
     */
    static final int SENSITIVE_RATE_LIMIT = 5;
    static final int SENSITIVE_BURST_LIMIT = 10;

    private final HttpApi api;
    private final HttpStage stage;

    /**
     * @param webOrigins the origins a browser may call the API from (the CloudFront site, …)
     */
    public RestApi(Construct scope, String id, List<String> webOrigins) {
        super(scope, id);
        this.api = HttpApi.Builder.create(this, "Api")
                .apiName("agentchat-http")
                .description("AgentChat REST API (base path /api)")
                .createDefaultStage(false)
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(webOrigins)
                        .allowMethods(Routes.HTTP.stream()
                                .map(r -> CorsHttpMethod.valueOf(r.method()))
                                .distinct()
                                .toList())
                        .allowHeaders(List.of("authorization", "content-type", "idempotency-key"))
                        // The headers the UI reads (Retry-After, an export's file name and next part).
                        .exposeHeaders(ResponseHeaders.EXPOSED)
                        .maxAge(Duration.hours(1))
                        .build())
                .build();
        this.stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(RATE_LIMIT).burstLimit(BURST_LIMIT).build())
                .accessLogSettings(new AccessLogs(this, "AccessLogs", AccessLogs.HTTP_FORMAT))
                .build();
    }

    /** Routes {@code route} to {@code target} (Lambda proxy integration, payload format 2.0). */
    /** Why no route has an API Gateway authorizer (cdk-nag APIG4). */
    private static final String AUTHORIZED_BY_HANDLERS = "Authorization is the handlers' own: agent keys and session tokens are bearer secrets checked"
                + " against stored digests per request (SPEC §4); API Gateway authorizers would add a call and"
                + " latency to every request and still need the same lookup.";

    public void addRoute(Routes.HttpRoute route, IFunction target) {
        api.addRoutes(AddRoutesOptions.builder()
                .path(route.path())
                .methods(List.of(HttpMethod.valueOf(route.method())))
                .integration(new HttpLambdaIntegration(route.handler().getSimpleName() + "Integration", target))
                .build())
                .forEach(added -> NagRules.suppress(added, "AwsSolutions-APIG4", AUTHORIZED_BY_HANDLERS));
    }

    /**
     * Sends whatever no route matches to {@code target}, so a wrong method is a 405 and an unknown
     * path a 404 in the API's own error shape (API Gateway's own answer would be a bare 404).
     */
    public void addDefaultRoute(IFunction target) {
        HttpRoute unmatched = HttpRoute.Builder.create(this, "DefaultRoute")
                .httpApi(api)
                .routeKey(HttpRouteKey.DEFAULT)
                .integration(new HttpLambdaIntegration("UnmatchedRouteIntegration", target))
                .build();
        NagRules.suppress(unmatched, "AwsSolutions-APIG4", "It only answers 404 or 405 and touches nothing.");
    }

    /** Throttles {@code route} to the sensitive limits; call after {@link #addRoute}. */
    public void throttleSensitive(Routes.HttpRoute route) {
        CfnStage cfn = (CfnStage) stage.getNode().getDefaultChild();
        cfn.addPropertyOverride("RouteSettings." + route.routeKey() + ".ThrottlingRateLimit", SENSITIVE_RATE_LIMIT);
        cfn.addPropertyOverride("RouteSettings." + route.routeKey() + ".ThrottlingBurstLimit", SENSITIVE_BURST_LIMIT);
        // CloudFormation refuses settings for a route key the API does not have yet.
        api.getNode().getChildren().stream()
                .filter(child -> child instanceof software.amazon.awscdk.services.apigatewayv2.HttpRoute r
                        && route.routeKey().equals(routeKeyOf(r)))
                .forEach(child -> stage.getNode().addDependency(child));
    }

    private static String routeKeyOf(software.amazon.awscdk.services.apigatewayv2.HttpRoute route) {
        return ((software.amazon.awscdk.services.apigatewayv2.CfnRoute) route.getNode().getDefaultChild()).getRouteKey();
    }

    /** The API's id (its CloudWatch metrics' {@code ApiId} dimension). */
    public String apiId() {
        return api.getApiId();
    }

    /** {@code https://{id}.execute-api.{region}.amazonaws.com} (the default stage is at the root). */
    public String endpoint() {
        return api.getApiEndpoint();
    }

    /** Where agents call the REST API: the routes all begin with {@code /api}. */
    public String baseUrl() {
        return endpoint() + "/api";
    }
}
