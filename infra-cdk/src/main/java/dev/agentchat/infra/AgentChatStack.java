package dev.agentchat.infra;

import dev.agentchat.Routes;
import dev.agentchat.config.AppConfig;
import dev.agentchat.handler.http.LoginHandler;
import dev.agentchat.handler.http.PublicJoinHandler;
import dev.agentchat.handler.http.ReadMessagesHandler;
import dev.agentchat.handler.http.SendMessageHandler;
import dev.agentchat.handler.http.SignupHandler;
import dev.agentchat.handler.mcp.McpHandler;
import dev.agentchat.store.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The whole product on AWS, built from {@code functions/}'s own declarations: a table per
 * {@code Tables.ALL} entry, a function per route of {@link Routes} (plus the stream fan-out, the
 * sweeper and the webhook wake-ups), each granted exactly its {@code Access}, the two APIs, and the web UI.
 *
 * <p>The root stack holds what the deployment shares and what its outputs name: the tables, both
 * APIs with their stages and routes, the web site, the alarms and the dashboard. The functions
 * live in one nested stack per {@link FunctionGroup} (CloudFormation's limit is 500 resources a
 * stack). Routes, integrations and invoke permissions stay beside their API: an existing
 * deployment then updates them in place (a route moved to another stack would be created before
 * the old one is deleted, and API Gateway refuses a second route with the same key), and the
 * stage's per-route throttles depend on routes of its own template.
 */
public final class AgentChatStack extends Stack {
    /** Handlers that hold a request open (long-poll reads); they get the API Gateway maximum. */
    static final Set<Class<?>> LONG_POLL_HANDLERS = Set.of(ReadMessagesHandler.class, McpHandler.class);
    /** Routes anyone may call that cost real work (bcrypt, a new key): throttled per route as well. */
    static final Set<Class<?>> SENSITIVE_ROUTES = Set.of(SignupHandler.class, LoginHandler.class,
            PublicJoinHandler.class);

    private final HandlerFunctions functions;

    public AgentChatStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);

        DataTables tables = new DataTables(this, "Tables", settings.retainData());
        WebSite site = new WebSite(this, "Web");
        List<String> webOrigins = new ArrayList<>();
        webOrigins.add(site.url());
        webOrigins.addAll(settings.extraWebOrigins());
        RestApi rest = new RestApi(this, "Http", webOrigins);
        SocketApi sockets = new SocketApi(this, "WebSocket");

        Map<String, String> env = new LinkedHashMap<>(tables.environment());
        env.put(AppConfig.PUBLIC_API_URL, rest.baseUrl());
        env.put(AppConfig.PUBLIC_WS_URL, sockets.url());
        env.put(AppConfig.WS_MANAGEMENT_ENDPOINT, sockets.managementEndpoint());
        // The origins CORS allows are the ones whose pages may open a WebSocket ($connect checks).
        env.put(AppConfig.WEB_ORIGINS, String.join(",", webOrigins));
        // Human invite links open the web UI, which is not where the API is.
        env.put(AppConfig.PUBLIC_WEB_URL, site.url());

        this.functions = new HandlerFunctions(this, settings.lambdaJar().toString(), env, tables,
                sockets, settings.reserveConcurrency());
        for (Routes.HttpRoute route : Routes.HTTP) {
            FunctionKind kind = LONG_POLL_HANDLERS.contains(route.handler()) ? FunctionKind.LONG_POLL : FunctionKind.HTTP;
            rest.addRoute(route, functions.add(FunctionGroup.of(route.callers()), route.handler(), kind,
                    route.access()).alias());
        }
        Routes.HTTP.stream().filter(r -> SENSITIVE_ROUTES.contains(r.handler())).forEach(rest::throttleSensitive);
        rest.addDefaultRoute(functions.add(FunctionGroup.HUMANS, Routes.UNMATCHED_HANDLER, FunctionKind.HTTP,
                Routes.UNMATCHED_ACCESS).alias());
        for (Routes.WsRoute route : Routes.WEBSOCKET) {
            sockets.addRoute(route, functions.add(FunctionGroup.SOCKETS, route.handler(), FunctionKind.WEBSOCKET,
                    route.access()).alias());
        }
        HandlerFunction fanOut = functions.add(FunctionGroup.BACKGROUND, Routes.STREAM_HANDLER, FunctionKind.STREAM,
                Routes.STREAM_ACCESS);
        HandlerFunction sweeper = functions.add(FunctionGroup.BACKGROUND, Routes.SWEEPER_HANDLER,
                FunctionKind.SCHEDULE, Routes.SWEEPER_ACCESS);
        // Beside its functions: the schedule's invoke permission and the stream's mapping name both sides.
        Realtime realtime = new Realtime(functions.stack(FunctionGroup.BACKGROUND), "Realtime",
                tables.table(Tables.EVENTS), fanOut.alias(), sweeper.alias());
        HandlerFunction wake = functions.add(FunctionGroup.BACKGROUND, Routes.WAKE_HANDLER, FunctionKind.STREAM,
                Routes.WAKE_ACCESS);
        HandlerFunction delivery = functions.add(FunctionGroup.BACKGROUND, Routes.DELIVERY_HANDLER,
                FunctionKind.QUEUE, Routes.DELIVERY_ACCESS);
        Wakeups wakeups = new Wakeups(functions.stack(FunctionGroup.BACKGROUND), "Wakeups",
                tables.table(Tables.EVENTS), wake, delivery, realtime.failedRecords());

        Monitoring monitoring = new Monitoring(this, "Monitoring", settings.alarmEmail());
        monitoring.watchFunctions(functions.all());
        monitoring.watchSendLatency(functions.of(SendMessageHandler.class).function());
        monitoring.watchHttpApi(rest.apiId());
        monitoring.watchWebSocketApi(sockets.apiId());
        monitoring.watchIteratorAge("FanOut", fanOut.function());
        monitoring.watchDeadLetters("FailedStreamRecords", realtime.failedRecords());
        monitoring.watchIteratorAge("Wakes", wake.function());
        monitoring.watchDeadLetters("WakeDeadLetters", wakeups.deadLetters());
        monitoring.watchQueueAge("WakeJobs", wakeups.jobs(), Wakeups.longestRightfulWait(wakeups.settings()));
        monitoring.watchTables(tables.all());
        monitoring.chartAppMetrics();
        monitoring.dashboard();

        site.deploy(settings.webDir(), rest.baseUrl(), sockets.url(), List.of(rest.endpoint(), sockets.endpoint()));

        CfnOutput.Builder.create(this, "WebUrl").description("The web UI (CloudFront)").value(site.url()).build();
        CfnOutput.Builder.create(this, "RestApiUrl").description("REST base URL for agents").value(rest.baseUrl())
                .build();
        CfnOutput.Builder.create(this, "WebSocketUrl").description("WebSocket URL for agents and the UI")
                .value(sockets.url()).build();
    }

    /** The nested stacks of the functions, in {@link FunctionGroup} order. */
    public List<FunctionStack> functionStacks() {
        return functions.stacks();
    }
}
