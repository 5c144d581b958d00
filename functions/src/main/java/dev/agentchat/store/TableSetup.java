package dev.agentchat.store;

import dev.agentchat.config.AppConfig;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;

/**
 * Creates any missing table from {@link Tables} (the standalone server at start, and tests).
 * On AWS the CDK stack creates them from the same definitions.
 */
public final class TableSetup {
    private TableSetup() {
    }

    /** Creates the tables that do not exist yet; returns how many it created. */
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
            }
        }
        return created;
    }
}
