package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.at;
import static dev.agentchat.infra.SynthesizedStack.functionOf;
import static dev.agentchat.infra.SynthesizedStack.props;
import static dev.agentchat.infra.SynthesizedStack.refs;
import static dev.agentchat.infra.SynthesizedStack.resource;
import static dev.agentchat.infra.SynthesizedStack.resources;
import static dev.agentchat.infra.SynthesizedStack.strings;
import static dev.agentchat.infra.SynthesizedStack.theRefOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void role_hasNoManagedPolicy_andWritesOnlyToItsOwnLogGroup(String name, Handlers.Declared declared) {
        // AWSLambdaBasicExecutionRole would let every function write to every log group of the account.
        Map<String, Object> fn = props(resource(functionOf(declared.handler())));
        String role = theRefOfType(fn.get("Role"), "AWS::IAM::Role");
        assertNull(props(resource(role)).get("ManagedPolicyArns"), name + " has a managed policy");
        String ownGroup = theRefOfType(at(fn, "LoggingConfig", "LogGroup"), "AWS::Logs::LogGroup");
        List<Map<String, Object>> logStatements = SynthesizedStack.statementsOf(functionOf(declared.handler()))
                .stream().filter(st -> strings(st.get("Action")).stream().anyMatch(a -> a.startsWith("logs:")))
                .toList();
        assertEquals(1, logStatements.size(), name + ": log statements " + logStatements);
        assertEquals(Set.of(ownGroup), refs(logStatements.get(0).get("Resource")), name);
        assertTrue(strings(logStatements.get(0).get("Action")).containsAll(List.of("logs:CreateLogStream",
                "logs:PutLogEvents")), name);
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
