package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.functionOf;
import static dev.agentchat.infra.SynthesizedStack.refs;
import static dev.agentchat.infra.SynthesizedStack.statementsOf;
import static dev.agentchat.infra.SynthesizedStack.strings;
import static dev.agentchat.infra.SynthesizedStack.tableOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.Access;
import dev.agentchat.Routes;
import dev.agentchat.handler.http.PublicJoinHandler;
import dev.agentchat.store.TableDef;
import dev.agentchat.store.Tables;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege per action, route by route: each role holds exactly the DynamoDB actions its
 * {@code Access} declares on each table, indexes only where it queries or scans, and the
 * dangerous actions (Scan, the stream) only where the design needs them.
 */
class ActionGrantsTest {
    private static final Set<String> STREAM_ACTIONS = Set.of("dynamodb:GetRecords", "dynamodb:GetShardIterator",
            "dynamodb:DescribeStream", "dynamodb:ListStreams");

    static Stream<Arguments> handlers() {
        return Handlers.arguments();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void role_grantsExactlyTheDeclaredActions_perTable(String name, Handlers.Declared declared) {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (Map<String, Object> statement : dynamoStatements(declared.handler())) {
            List<String> actions = strings(statement.get("Action"));
            if (STREAM_ACTIONS.containsAll(actions)) {
                continue;
            }
            assertTrue(actions.stream().noneMatch(a -> a.contains("*")), name + ": wildcard action " + actions);
            for (String table : tablesIn(statement.get("Resource"))) {
                granted.computeIfAbsent(table, t -> new TreeSet<>()).addAll(actions);
            }
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        for (TableDef def : Tables.ALL) {
            Set<Access.Action> actions = declared.access().actions(def);
            if (!actions.isEmpty()) {
                Set<String> iam = new TreeSet<>();
                actions.forEach(a -> iam.add(a.iamAction()));
                expected.put(tableOf(def.envVar()), iam);
            }
        }
        assertEquals(expected, granted, name + ": actions per table");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void indexes_onlyWithQueryOrScan(String name, Handlers.Declared declared) {
        for (Map<String, Object> statement : dynamoStatements(declared.handler())) {
            String resource = String.valueOf(statement.get("Resource"));
            if (resource.contains("/index/")) {
                List<String> actions = strings(statement.get("Action"));
                assertTrue(actions.contains("dynamodb:Query") || actions.contains("dynamodb:Scan"),
                        name + ": index access without a query: " + actions);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void onlyTheSweeperScans(String name, Handlers.Declared declared) {
        boolean scans = dynamoStatements(declared.handler()).stream()
                .anyMatch(s -> strings(s.get("Action")).contains("dynamodb:Scan"));
        assertEquals(declared.handler() == Routes.SWEEPER_HANDLER, scans, name + ": Scan");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void onlyTheTwoStreamConsumersReadTheStream(String name, Handlers.Declared declared) {
        boolean reads = dynamoStatements(declared.handler()).stream()
                .anyMatch(s -> strings(s.get("Action")).stream().anyMatch(a -> a.equals("dynamodb:GetRecords")
                        || a.equals("dynamodb:GetShardIterator")));
        assertEquals(declared.handler() == Routes.STREAM_HANDLER || declared.handler() == Routes.WAKE_HANDLER, reads,
                name + ": stream records");
    }

    @Test
    void publicJoin_cannotScanDeleteOrBatchWrite() {
        for (Map<String, Object> statement : dynamoStatements(PublicJoinHandler.class)) {
            for (String forbidden : List.of("dynamodb:Scan", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")) {
                assertFalse(strings(statement.get("Action")).contains(forbidden), "public join may " + forbidden);
            }
        }
    }

    private static List<Map<String, Object>> dynamoStatements(Class<?> handler) {
        return statementsOf(functionOf(handler)).stream()
                .filter(s -> strings(s.get("Action")).stream().anyMatch(a -> a.startsWith("dynamodb:")))
                .toList();
    }

    private static Set<String> tablesIn(Object resource) {
        Set<String> ids = new TreeSet<>(refs(resource));
        ids.retainAll(Tables.ALL.stream().map(t -> tableOf(t.envVar())).toList());
        return ids;
    }
}
