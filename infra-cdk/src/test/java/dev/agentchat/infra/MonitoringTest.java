package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.at;
import static dev.agentchat.infra.SynthesizedStack.functionOf;
import static dev.agentchat.infra.SynthesizedStack.map;
import static dev.agentchat.infra.SynthesizedStack.props;
import static dev.agentchat.infra.SynthesizedStack.refs;
import static dev.agentchat.infra.SynthesizedStack.resource;
import static dev.agentchat.infra.SynthesizedStack.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.Routes;
import dev.agentchat.handler.http.LoginHandler;
import dev.agentchat.handler.http.PublicJoinHandler;
import dev.agentchat.handler.http.SignupHandler;
import dev.agentchat.support.Metric;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** Alarms over every function, API, queue, stream consumer and table; a dashboard; the hardening settings. */
class MonitoringTest {

    @Test
    void everyFunction_isInExactlyOneErrorAlarm_andOneThrottleAlarm_ofAtMostTenMetrics() {
        for (String metric : List.of("Errors", "Throttles")) {
            Set<String> watched = new HashSet<>();
            for (Map<String, Object> alarm : resources("AWS::CloudWatch::Alarm").values()) {
                List<Object> metrics = metricsOf(alarm);
                List<Object> ofLambda = metrics.stream()
                        .filter(m -> metric.equals(at(m, "MetricStat", "Metric", "MetricName"))
                                && "AWS/Lambda".equals(at(m, "MetricStat", "Metric", "Namespace")))
                        .toList();
                if (ofLambda.isEmpty()) {
                    continue;
                }
                assertTrue(metrics.size() <= Monitoring.METRICS_PER_ALARM + 1, "math over too many metrics");
                for (Object m : ofLambda) {
                    for (Object dim : (List<?>) at(m, "MetricStat", "Metric", "Dimensions")) {
                        assertTrue(watched.addAll(refs(map(dim).get("Value"))), "a function in two " + metric + " alarms");
                    }
                }
            }
            Set<String> functions = SynthesizedStack.agentChatFunctions().keySet();
            assertEquals(functions, watched, metric + ": functions without an alarm");
        }
    }

    @Test
    void apis_queue_streamAndTables_haveTheirAlarms() {
        Set<String> names = new HashSet<>();
        for (Map<String, Object> alarm : resources("AWS::CloudWatch::Alarm").values()) {
            Object name = props(alarm).get("MetricName");
            if (name != null) {
                names.add(String.valueOf(name));
            }
            for (Object m : metricsOf(alarm)) {
                Object n = at(m, "MetricStat", "Metric", "MetricName");
                if (n != null) {
                    names.add(String.valueOf(n));
                }
            }
        }
        for (String expected : List.of("5xx", "IntegrationError", "IteratorAge",
                "ApproximateNumberOfMessagesVisible", "ReadThrottleEvents", "WriteThrottleEvents", "Duration")) {
            assertTrue(names.contains(expected), "no alarm on " + expected + ": " + names);
        }
        assertEquals(1, resources("AWS::CloudWatch::Dashboard").size());
        // Without an address in context, no topic and no alarm actions.
        assertTrue(resources("AWS::SNS::Topic").isEmpty());
        resources("AWS::CloudWatch::Alarm").values().forEach(a -> assertFalse(props(a).containsKey("AlarmActions")));
    }

    @Test
    void theDashboard_chartsEveryMetricTheFunctionsReport_inTheirNamespace() {
        Map<String, Object> dashboard = resources("AWS::CloudWatch::Dashboard").values().iterator().next();
        // The body is a Fn::Join of JSON text: each charted metric appears as ["AgentChat","Name",…].
        String body = String.valueOf(props(dashboard).get("DashboardBody"));
        for (Metric metric : Metric.values()) {
            assertTrue(body.contains("[\"" + Metric.NAMESPACE + "\",\"" + metric.cloudWatchName() + "\""),
                    "the dashboard has no chart of " + metric.cloudWatchName() + ": " + body);
        }
        for (Metric.Transport transport : Metric.Transport.values()) {
            assertTrue(body.contains("\"" + Metric.TRANSPORT_DIMENSION + "\",\"" + transport.label() + "\""),
                    "no line of messages sent over " + transport.label() + ": " + body);
        }
    }

    @Test
    void anAlarmEmail_getsOneTopic_thatEveryAlarmNotifies() {
        App app = SynthesizedStack.app(Map.of(Settings.ALARM_EMAIL, "ops@example.com"));
        Settings settings = Settings.from(key -> app.getNode().tryGetContext(key));
        Map<String, Object> json = SynthesizedStack.flattened(new AgentChatStack(app, InfraApp.STACK_NAME,
                StackProps.builder().build(), settings));
        Map<String, Object> all = map(json.get("Resources"));
        List<String> topics = all.entrySet().stream().filter(e -> "AWS::SNS::Topic".equals(map(e.getValue()).get("Type")))
                .map(Map.Entry::getKey).toList();
        assertEquals(1, topics.size());
        long alarms = 0;
        for (Object r : all.values()) {
            if ("AWS::CloudWatch::Alarm".equals(map(r).get("Type"))) {
                alarms++;
                assertTrue(refs(map(map(r).get("Properties")).get("AlarmActions")).contains(topics.get(0)));
            }
        }
        assertTrue(alarms > 10, "alarms: " + alarms);
        assertTrue(all.values().stream().anyMatch(r -> "AWS::SNS::Subscription".equals(map(r).get("Type"))
                && "ops@example.com".equals(map(map(r).get("Properties")).get("Endpoint"))));
    }

    @Test
    void fanOutAndSweeper_haveReservedConcurrency() {
        assertEquals(FunctionKind.STREAM.reservedConcurrency(),
                props(resource(functionOf(Routes.STREAM_HANDLER))).get("ReservedConcurrentExecutions"));
        assertEquals(1, props(resource(functionOf(Routes.SWEEPER_HANDLER))).get("ReservedConcurrentExecutions"));
        assertFalse(props(resource(functionOf(Routes.UNMATCHED_HANDLER))).containsKey("ReservedConcurrentExecutions"));
    }

    @Test
    void signupLoginAndPublicJoin_areThrottledPerRoute() {
        Map<String, Object> stage = resources("AWS::ApiGatewayV2::Stage").values().stream()
                .filter(s -> "$default".equals(props(s).get("StageName"))).findFirst().orElseThrow();
        Map<String, Object> settings = map(props(stage).get("RouteSettings"));
        Set<String> throttled = new HashSet<>();
        for (Routes.HttpRoute route : Routes.HTTP) {
            if (List.of(SignupHandler.class, LoginHandler.class, PublicJoinHandler.class).contains(route.handler())) {
                Map<String, Object> s = map(settings.get(route.routeKey()));
                assertEquals(RestApi.SENSITIVE_RATE_LIMIT, s.get("ThrottlingRateLimit"), route.routeKey());
                assertEquals(RestApi.SENSITIVE_BURST_LIMIT, s.get("ThrottlingBurstLimit"), route.routeKey());
                throttled.add(route.routeKey());
            }
        }
        assertEquals(throttled, settings.keySet());
    }

    @Test
    void retainedTables_haveDeletionProtection() {
        resources("AWS::DynamoDB::Table").forEach((id, t) ->
                assertEquals(true, props(t).get("DeletionProtectionEnabled"), id));
    }

    private static List<Object> metricsOf(Map<String, Object> alarm) {
        Object metrics = props(alarm).get("Metrics");
        return metrics == null ? List.of() : List.copyOf((List<?>) metrics);
    }
}
