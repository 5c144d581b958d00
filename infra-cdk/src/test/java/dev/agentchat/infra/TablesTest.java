package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.at;
import static dev.agentchat.infra.SynthesizedStack.props;
import static dev.agentchat.infra.SynthesizedStack.resource;
import static dev.agentchat.infra.SynthesizedStack.resources;
import static dev.agentchat.infra.SynthesizedStack.tableOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.agentchat.store.TableDef;
import dev.agentchat.store.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each DynamoDB table is exactly its {@link TableDef}: keys, indexes, TTL, stream; on-demand, PITR, retained. */
class TablesTest {

    static Stream<Arguments> tables() {
        return Tables.ALL.stream().map(t -> Arguments.of(t.logicalName(), t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void table_hasTheKeysAndIndexesOfItsDefinition(String name, TableDef def) {
        Map<String, Object> table = props(resource(tableOf(def.envVar())));
        assertEquals(keySchema(def.partitionKey(), def.sortKey().orElse(null)), table.get("KeySchema"), name);
        assertEquals(indexes(def.globalIndexes()), describeIndexes(table.get("GlobalSecondaryIndexes")), name);
        assertEquals(indexes(def.localIndexes()), describeIndexes(table.get("LocalSecondaryIndexes")), name);

        Map<String, String> types = new HashMap<>();
        for (Object attribute : (List<?>) table.get("AttributeDefinitions")) {
            types.put(String.valueOf(at(attribute, "AttributeName")), String.valueOf(at(attribute, "AttributeType")));
        }
        Map<String, String> expected = new HashMap<>();
        expect(expected, def.partitionKey());
        def.sortKey().ifPresent(k -> expect(expected, k));
        Stream.concat(def.globalIndexes().stream(), def.localIndexes().stream()).forEach(i -> {
            expect(expected, i.partitionKey());
            i.sortKey().ifPresent(k -> expect(expected, k));
        });
        assertEquals(expected, types, name + ": attribute definitions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void table_hasItsTtlAndStream_onDemandWithPointInTimeRecovery(String name, TableDef def) {
        Map<String, Object> table = props(resource(tableOf(def.envVar())));
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"), name);
        assertEquals(true, at(table, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"), name);
        if (def.ttlAttribute().isPresent()) {
            assertEquals(Map.of("AttributeName", def.ttlAttribute().get(), "Enabled", true),
                    table.get("TimeToLiveSpecification"), name);
        } else {
            assertNull(table.get("TimeToLiveSpecification"), name);
        }
        assertEquals(def.stream() ? "NEW_IMAGE" : null, at(table, "StreamSpecification", "StreamViewType"), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void table_outlivesTheStackByDefault(String name, TableDef def) {
        Map<String, Object> table = resource(tableOf(def.envVar()));
        assertEquals("Retain", table.get("DeletionPolicy"), name);
        assertEquals("Retain", table.get("UpdateReplacePolicy"), name);
    }

    @Test
    void stack_hasExactlyTheTablesOfTheCode() {
        assertEquals(Tables.ALL.size(), resources("AWS::DynamoDB::Table").size());
    }

    private static void expect(Map<String, String> types, TableDef.Key key) {
        types.put(key.name(), key.type().toString());
    }

    private static List<Map<String, Object>> keySchema(TableDef.Key partition, TableDef.Key sort) {
        List<Map<String, Object>> schema = new ArrayList<>();
        schema.add(Map.of("AttributeName", partition.name(), "KeyType", "HASH"));
        if (sort != null) {
            schema.add(Map.of("AttributeName", sort.name(), "KeyType", "RANGE"));
        }
        return schema;
    }

    /** Index name → key schema and projection. */
    private static Map<String, Object> indexes(List<TableDef.Index> indexes) {
        Map<String, Object> out = new HashMap<>();
        for (TableDef.Index index : indexes) {
            out.put(index.name(), List.of(keySchema(index.partitionKey(), index.sortKey().orElse(null)),
                    index.projectionType().toString()));
        }
        return out;
    }

    private static Map<String, Object> describeIndexes(Object indexes) {
        Map<String, Object> out = new HashMap<>();
        if (indexes instanceof List<?> list) {
            for (Object index : list) {
                out.put(String.valueOf(at(index, "IndexName")),
                        List.of(at(index, "KeySchema"), String.valueOf(at(index, "Projection", "ProjectionType"))));
            }
        }
        return out;
    }
}
