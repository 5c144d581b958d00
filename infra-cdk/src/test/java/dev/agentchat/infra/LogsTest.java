package dev.agentchat.infra;

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

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Logs an operator can query: every function logs JSON at a set level, both API stages write access logs. */
class LogsTest {
    static Stream<Arguments> handlers() {
        return Handlers.arguments();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void function_logsJsonAtALevel(String name, Handlers.Declared declared) {
        Object logging = at(props(resource(functionOf(declared.handler()))), "LoggingConfig");
        assertEquals("JSON", at(logging, "LogFormat"), name);
        assertEquals("INFO", at(logging, "ApplicationLogLevel"), name);
        assertEquals("WARN", at(logging, "SystemLogLevel"), name);
    }

    @Test
    void bothStages_writeJsonAccessLogs_toAGroupOfTheirOwn() {
        Map<String, Map<String, Object>> stages = resources("AWS::ApiGatewayV2::Stage");
        assertEquals(2, stages.size());
        Set<String> groups = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> stage : stages.entrySet()) {
            Object settings = at(props(stage.getValue()), "AccessLogSettings");
            assertNotNull(settings, stage.getKey() + " has no access log");
            String group = theRefOfType(at(settings, "DestinationArn"), "AWS::Logs::LogGroup");
            assertNotNull(props(resource(group)).get("RetentionInDays"), group);
            groups.add(group);
            String format = String.valueOf(at(settings, "Format"));
            for (String field : new String[] {"$context.requestId", "$context.routeKey", "$context.status",
                    "$context.integrationLatency", "$context.integrationErrorMessage"}) {
                assertTrue(format.contains(field), stage.getKey() + " access log lacks " + field);
            }
            assertTrue(format.startsWith("{") && format.endsWith("}"), format);
        }
        assertEquals(2, groups.size(), "each stage logs to its own group");
    }

    @Test
    void webSocketStage_deploysAfterTheAccountsLogRole() {
        String wsApi = SynthesizedStack.apiOf("WEBSOCKET");
        Map<String, Object> stage = resources("AWS::ApiGatewayV2::Stage").values().stream()
                .filter(s -> refs(props(s).get("ApiId")).contains(wsApi)).findFirst().orElseThrow();
        String account = resources("AWS::ApiGateway::Account").keySet().iterator().next();
        assertTrue(String.valueOf(stage.get("DependsOn")).contains(account), String.valueOf(stage.get("DependsOn")));
        assertNotNull(props(resource(account)).get("CloudWatchRoleArn"));
    }
}
