package dev.agentchat.store;

import dev.agentchat.config.AppConfig;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates any missing table from {@link Tables} (the standalone server at start, and tests), and
 * any global index that a table made by an older version lacks.
 * On AWS the CDK stack creates them from the same definitions.
 */
public final class TableSetup {
    private static final long INDEX_WAIT_MILLIS = 60_000;

    private TableSetup() {
    }

    /** Creates the tables that do not exist yet, and the missing indexes of those that do; returns how many tables it created. */
    public static int createMissing(DynamoDbClient db, AppConfig config) {
        Set<String> existing = new HashSet<>();
        String start = null;
        do {
            ListTablesResponse page = db.listTables(ListTablesRequest.builder().exclusiveStartTableName(start).build());
            existing.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
        } while (start != null);
        int created = 0;
        for (TableDef table : Tables.ALL) {
            String name = TableNames.name(config, table);
            if (!existing.contains(name)) {
                db.createTable(table.toCreateTableRequest(name));
                created++;
            } else {
                addMissingIndexes(db, table.toCreateTableRequest(name));
            }
        }
        enableTtl(db, TableNames.name(config, Tables.EVENTS), Tables.EVENTS.ttlAttribute().orElseThrow());
        return created;
    }

    /**
     * Lets DynamoDB (Local: a job that runs every second) delete expired events, as the CDK stack
     * enables TTL on AWS: a room's retention_days is carried out by deleting them. Only the events
     * table: elsewhere the code compares stored expiries itself, and tests rely on expired items
     * staying put until they look.
     */
    private static void enableTtl(DynamoDbClient db, String table, String attribute) {
        TimeToLiveStatus status = db.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription()
                .timeToLiveStatus();
        if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
            db.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true)));
        }
    }

    /** A file-backed standalone store keeps its tables across upgrades; DynamoDB adds one index per update. */
    private static void addMissingIndexes(DynamoDbClient db, CreateTableRequest wanted) {
        if (!wanted.hasGlobalSecondaryIndexes()) {
            return;
        }
        Set<String> present = new HashSet<>();
        db.describeTable(r -> r.tableName(wanted.tableName())).table().globalSecondaryIndexes()
                .forEach(index -> present.add(index.indexName()));
        for (GlobalSecondaryIndex index : wanted.globalSecondaryIndexes()) {
            if (!present.contains(index.indexName())) {
                db.updateTable(r -> r.tableName(wanted.tableName())
                        .attributeDefinitions(wanted.attributeDefinitions())
                        .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
                                .keySchema(index.keySchema()).projection(index.projection()))));
                awaitActive(db, wanted.tableName(), index.indexName());
            }
        }
    }

    /** A new index is back-filled first; queried before it is active, DynamoDB Local fails. */
    private static void awaitActive(DynamoDbClient db, String table, String index) {
        long deadline = System.currentTimeMillis() + INDEX_WAIT_MILLIS;
        while (db.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                .anyMatch(i -> i.indexName().equals(index) && i.indexStatus() != IndexStatus.ACTIVE)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("index " + index + " of " + table + " still not active after "
                        + INDEX_WAIT_MILLIS + " ms");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for index " + index, e);
            }
        }
    }
}
