package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.functionOf;
import static dev.agentchat.infra.SynthesizedStack.refs;
import static dev.agentchat.infra.SynthesizedStack.statementsOf;
import static dev.agentchat.infra.SynthesizedStack.strings;
import static dev.agentchat.infra.SynthesizedStack.tableOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.store.TableDef;
import dev.agentchat.store.Tables;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege, checked against each handler's declared {@code Access}: the tables a
 * function's role may touch and write are exactly the declared ones, read-only handlers get no
 * write action, and only socket handlers may manage connections, on the prod stage only.
 */
class PermissionsTest {
    private static final Set<String> WRITE_ACTIONS = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem");
    private static final Set<String> STREAM_ACTIONS = Set.of("dynamodb:GetRecords", "dynamodb:GetShardIterator",
            "dynamodb:DescribeStream", "dynamodb:ListStreams");
    private static final String MANAGE_CONNECTIONS = "execute-api:ManageConnections";

    static Stream<Arguments> handlers() {
        return Handlers.arguments();
    }

    static Stream<Arguments> readOnlyHandlers() {
        return Handlers.all().stream().filter(d -> d.access().readOnly()).map(d -> Arguments.of(d.name(), d));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void role_touchesExactlyTheDeclaredTables_andWritesOnlyTheWrittenOnes(String name, Handlers.Declared declared) {
        Set<String> touched = new TreeSet<>();
        Set<String> written = new TreeSet<>();
        for (Map<String, Object> statement : statementsOf(functionOf(declared.handler()))) {
            List<String> actions = strings(statement.get("Action"));
            // Reading the events stream is no Access action: each consumer's event source grants it (ActionGrantsTest).
            if (actions.stream().noneMatch(a -> a.startsWith("dynamodb:")) || STREAM_ACTIONS.containsAll(actions)) {
                continue;
            }
            Set<String> tables = tablesIn(statement.get("Resource"));
            touched.addAll(tables);
            if (actions.stream().anyMatch(WRITE_ACTIONS::contains)) {
                written.addAll(tables);
            }
        }
        Set<TableDef> declaredTables = new HashSet<>(declared.access().reads());
        declaredTables.addAll(declared.access().writes());
        assertEquals(ids(declaredTables), touched, name + ": tables touched");
        assertEquals(ids(declared.access().writes()), written, name + ": tables written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readOnlyHandlers")
    void readOnlyHandler_hasNoWriteAction(String name, Handlers.Declared declared) {
        for (Map<String, Object> statement : statementsOf(functionOf(declared.handler()))) {
            for (String action : strings(statement.get("Action"))) {
                assertFalse(WRITE_ACTIONS.contains(action) || action.equals("dynamodb:*") || action.equals("*"),
                        name + " is read-only but may " + action);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void manageConnections_onlyWhereDeclared_andOnlyOnTheProdStage(String name, Handlers.Declared declared) {
        String wsApi = SynthesizedStack.apiOf("WEBSOCKET");
        boolean granted = false;
        for (Map<String, Object> statement : statementsOf(functionOf(declared.handler()))) {
            List<String> actions = strings(statement.get("Action"));
            assertFalse(actions.contains("*") || actions.contains("execute-api:*"), name + ": " + actions);
            if (actions.contains(MANAGE_CONNECTIONS)) {
                granted = true;
                Object resource = statement.get("Resource");
                assertTrue(refs(resource).contains(wsApi), name + ": ManageConnections beyond the WebSocket API");
                assertTrue(String.valueOf(resource).contains("/" + SocketApi.STAGE + "/"), name + ": " + resource);
                assertTrue(String.valueOf(resource).contains("@connections"), name + ": " + resource);
            }
        }
        assertEquals(declared.access().manageConnections(), granted, name + ": " + MANAGE_CONNECTIONS);
    }

    private static Set<String> tablesIn(Object resource) {
        Set<String> ids = new HashSet<>(refs(resource));
        ids.retainAll(Tables.ALL.stream().map(t -> tableOf(t.envVar())).collect(Collectors.toSet()));
        return ids;
    }

    private static Set<String> ids(Set<TableDef> tables) {
        return tables.stream().map(t -> tableOf(t.envVar())).collect(Collectors.toCollection(TreeSet::new));
    }
}
