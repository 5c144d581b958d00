package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.agentChatFunctions;
import static dev.agentchat.infra.SynthesizedStack.at;
import static dev.agentchat.infra.SynthesizedStack.functionOf;
import static dev.agentchat.infra.SynthesizedStack.props;
import static dev.agentchat.infra.SynthesizedStack.refs;
import static dev.agentchat.infra.SynthesizedStack.resource;
import static dev.agentchat.infra.SynthesizedStack.resources;
import static dev.agentchat.infra.SynthesizedStack.theRefOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.Routes;
import dev.agentchat.config.AppConfig;
import dev.agentchat.config.Limits;
import dev.agentchat.config.WebhookSettings;
import dev.agentchat.handler.http.ReadMessagesHandler;
import dev.agentchat.handler.mcp.McpHandler;
import dev.agentchat.store.TableDef;
import dev.agentchat.store.Tables;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One function per handler, each java21 on arm64 with SnapStart, the fast-start flags, logs and its environment. */
class FunctionsTest {
    /** API Gateway ends an HTTP API integration after 30 s. */
    private static final int HTTP_INTEGRATION_LIMIT_SECONDS = 30;

    static Stream<Arguments> handlers() {
        return Handlers.arguments();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void function_isJava21Arm64WithSnapStartOnPublishedVersions(String name, Handlers.Declared declared) {
        Map<String, Object> fn = props(resource(functionOf(declared.handler())));
        assertEquals("java21", fn.get("Runtime"), name);
        assertEquals(List.of("arm64"), fn.get("Architectures"), name);
        assertEquals("PublishedVersions", at(fn, "SnapStart", "ApplyOn"), name);
        assertEquals(HandlerFunction.JAVA_TOOL_OPTIONS, at(fn, "Environment", "Variables", "JAVA_TOOL_OPTIONS"), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void function_isInvokedThroughALiveAliasOnAPublishedVersion(String name, Handlers.Declared declared) {
        String functionId = functionOf(declared.handler());
        List<Map<String, Object>> aliases = resources("AWS::Lambda::Alias").values().stream()
                .filter(a -> refs(props(a).get("FunctionName")).contains(functionId))
                .toList();
        assertEquals(1, aliases.size(), name);
        Map<String, Object> alias = props(aliases.get(0));
        assertEquals(HandlerFunction.ALIAS_NAME, alias.get("Name"));
        String versionId = theRefOfType(alias.get("FunctionVersion"), "AWS::Lambda::Version");
        assertTrue(refs(props(resource(versionId)).get("FunctionName")).contains(functionId), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void function_knowsEveryTableAndTheApiUrls(String name, Handlers.Declared declared) {
        Map<String, Object> fn = props(resource(functionOf(declared.handler())));
        for (TableDef table : Tables.ALL) {
            Object value = at(fn, "Environment", "Variables", table.envVar());
            assertTrue(refs(value).stream().anyMatch(resources("AWS::DynamoDB::Table")::containsKey),
                    name + ": " + table.envVar() + " = " + value);
        }
        String httpApi = SynthesizedStack.apiOf("HTTP");
        String wsApi = SynthesizedStack.apiOf("WEBSOCKET");
        assertTrue(refs(at(fn, "Environment", "Variables", "PUBLIC_API_URL")).contains(httpApi), name);
        assertTrue(String.valueOf(at(fn, "Environment", "Variables", "PUBLIC_API_URL")).contains("/api"), name);
        assertTrue(refs(at(fn, "Environment", "Variables", "PUBLIC_WS_URL")).contains(wsApi), name);
        Object management = at(fn, "Environment", "Variables", "WS_MANAGEMENT_ENDPOINT");
        assertTrue(refs(management).contains(wsApi), name);
        assertTrue(String.valueOf(management).contains("https://") && String.valueOf(management).contains("/prod"),
                name + ": " + management);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    @SuppressWarnings("unchecked")
    void function_isToldExactlyWhatTheConfigurationRequiresOnLambda(String name, Handlers.Declared declared) {
        Map<String, Object> variables = (Map<String, Object>) at(props(resource(functionOf(declared.handler()))),
                "Environment", "Variables");
        Set<String> expected = new TreeSet<>(AppConfig.STACK_VARIABLES);
        expected.add("JAVA_TOOL_OPTIONS");
        if (declared.handler() == Routes.WAKE_HANDLER || declared.handler() == Routes.DELIVERY_HANDLER) {
            // The wake functions refuse to start without their queue (Wiring.requireWakeQueue).
            expected.add(WebhookSettings.QUEUE_URL);
        }
        assertEquals(expected, new TreeSet<>(variables.keySet()), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void function_logsToItsOwnGroupWithRetention(String name, Handlers.Declared declared) {
        Map<String, Object> fn = props(resource(functionOf(declared.handler())));
        String logGroup = theRefOfType(at(fn, "LoggingConfig", "LogGroup"), "AWS::Logs::LogGroup");
        assertNotNull(props(resource(logGroup)).get("RetentionInDays"), name);
    }

    @Test
    void synth_hasNoWarningsOrErrors() {
        Annotations annotations = Annotations.fromStack(SynthesizedStack.stack());
        annotations.hasNoWarning("*", Match.anyValue());
        annotations.hasNoError("*", Match.anyValue());
    }

    @Test
    void functions_areExactlyTheHandlersOfTheRouteTable() {
        assertEquals(Handlers.all().size(), agentChatFunctions().size());
    }

    @Test
    void longPollRead_hasTimeForTheLongestWait_withinApiGatewaysLimit() {
        // The MCP read_messages tool long-polls like the REST read.
        for (Class<?> handler : List.of(ReadMessagesHandler.class, McpHandler.class)) {
            Map<String, Object> fn = props(resource(functionOf(handler)));
            int timeout = ((Number) fn.get("Timeout")).intValue();
            assertTrue(timeout >= Limits.defaults().longPollMaxSeconds() + 3, handler.getSimpleName() + ": a "
                    + Limits.defaults().longPollMaxSeconds() + " s long-poll needs more than " + timeout + " s");
            assertTrue(timeout <= HTTP_INTEGRATION_LIMIT_SECONDS, handler.getSimpleName() + ": timeout " + timeout);
        }
    }

    @Test
    void httpFunctions_finishWithinApiGatewaysLimit() {
        for (Routes.HttpRoute route : Routes.HTTP) {
            Number timeout = (Number) props(resource(functionOf(route.handler()))).get("Timeout");
            assertTrue(timeout.intValue() <= HTTP_INTEGRATION_LIMIT_SECONDS, route.routeKey() + ": " + timeout);
        }
    }

    @Test
    void sweeper_finishesBeforeItsNextRun() {
        Number timeout = (Number) props(resource(functionOf(Routes.SWEEPER_HANDLER))).get("Timeout");
        assertTrue(timeout.intValue() < 60, "sweeper timeout " + timeout);
    }
}
