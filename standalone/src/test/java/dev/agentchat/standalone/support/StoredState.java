package dev.agentchat.standalone.support;

import dev.agentchat.config.AppConfig;
import dev.agentchat.store.TableDef;
import dev.agentchat.store.TableNames;
import dev.agentchat.store.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Every item of every table in {@link Tables#ALL}, read through the server's own DynamoDB
 * client: what "a refused request changes nothing" is checked against. Reading the tables
 * rather than the API sees writes no route shows (a claimed key, a stray connection row, a
 * rate-limit cell).
 */
public final class StoredState {
    /** The items of each table by primary key, compared attribute by attribute. */
    public record Snapshot(Map<String, Map<String, Map<String, AttributeValue>>> tables) {
        /** What changed from this snapshot to {@code after}, one line per item; empty if nothing. */
        public List<String> changesTo(Snapshot after) {
            List<String> changes = new ArrayList<>();
            for (String table : new TreeSet<>(tables.keySet())) {
                Map<String, Map<String, AttributeValue>> was = tables.get(table);
                Map<String, Map<String, AttributeValue>> now = after.tables().getOrDefault(table, Map.of());
                TreeSet<String> keys = new TreeSet<>(was.keySet());
                keys.addAll(now.keySet());
                for (String key : keys) {
                    Map<String, AttributeValue> a = was.get(key);
                    Map<String, AttributeValue> b = now.get(key);
                    if (a == null) {
                        changes.add(table + " + " + key + " " + b);
                    } else if (b == null) {
                        changes.add(table + " - " + key + " " + a);
                    } else if (!a.equals(b)) {
                        TreeSet<String> names = new TreeSet<>(a.keySet());
                        names.addAll(b.keySet());
                        List<String> fields = new ArrayList<>();
                        for (String name : names) {
                            if (!Objects.equals(a.get(name), b.get(name))) {
                                fields.add(name + ": " + a.get(name) + " -> " + b.get(name));
                            }
                        }
                        changes.add(table + " ~ " + key + " " + fields);
                    }
                }
            }
            return changes;
        }

        public int count(String table) {
            return tables.getOrDefault(table, Map.of()).size();
        }
    }

    private final DynamoDbClient db;
    private final Map<TableDef, String> names = new LinkedHashMap<>();

    /** @param env the environment the server was started with (it decides the physical table names) */
    public StoredState(DynamoDbClient db, Map<String, String> env) {
        this.db = db;
        AppConfig config = AppConfig.fromEnv(env);
        Tables.ALL.forEach(table -> names.put(table, TableNames.name(config, table)));
    }

    public String name(TableDef table) {
        return names.get(table);
    }

    public Snapshot take() {
        Map<String, Map<String, Map<String, AttributeValue>>> tables = new TreeMap<>();
        names.forEach((table, name) -> tables.put(name, scan(table, name)));
        return new Snapshot(tables);
    }

    private Map<String, Map<String, AttributeValue>> scan(TableDef table, String name) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = db.scan(ScanRequest.builder().tableName(name).consistentRead(true)
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                items.put(key(table, item), item);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static String key(TableDef table, Map<String, AttributeValue> item) {
        StringBuilder key = new StringBuilder(scalar(item.get(table.partitionKey().name())));
        table.sortKey().ifPresent(sort -> key.append('|').append(scalar(item.get(sort.name()))));
        return key.toString();
    }

    private static String scalar(AttributeValue value) {
        if (value == null) {
            return "?";
        }
        return value.s() != null ? value.s() : value.n() != null ? value.n() : value.toString();
    }

    /** Fails, listing each change, if any table differs from {@code before} ({@code what} names the request). */
    public void assertUnchanged(Snapshot before, String what) {
        List<String> changes = before.changesTo(take());
        org.junit.jupiter.api.Assertions.assertTrue(changes.isEmpty(),
                () -> what + " changed stored state:\n  " + String.join("\n  ", changes));
    }
}
