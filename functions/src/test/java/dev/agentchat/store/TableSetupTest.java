package dev.agentchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.config.AppConfig;
import dev.agentchat.testing.LocalDynamo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

class TableSetupTest {
    @Test
    void createMissing_whenATableLacksAnIndexAddedSince_addsItAndKeepsTheData() {
        DynamoDbClient db = LocalDynamo.client();
        AppConfig config = AppConfig.fromEnv(Map.of("TABLE_PREFIX", "u" + UUID.randomUUID().toString().substring(0, 8) + "-",
                "BCRYPT_COST", "10"));
        String rooms = TableNames.name(config, Tables.ROOMS);
        // The rooms table as an older version made it: without the index of rooms being deleted.
        CreateTableRequest full = Tables.ROOMS.toCreateTableRequest(rooms);
        db.createTable(full.toBuilder()
                .globalSecondaryIndexes(full.globalSecondaryIndexes().stream()
                        .filter(i -> !i.indexName().equals(Tables.ROOMS_DELETING)).toList())
                .attributeDefinitions(full.attributeDefinitions().stream()
                        .filter(a -> !a.attributeName().startsWith("deleting")).toList())
                .build());
        db.putItem(r -> r.tableName(rooms).item(Map.of("room_id", AttributeValue.fromS("room_old"),
                "owner_id", AttributeValue.fromS("usr_old"), "created_at", AttributeValue.fromS("2024"))));

        int created = TableSetup.createMissing(db, config);

        assertEquals(Tables.ALL.size() - 1, created, "every other table was new");
        List<String> indexes = db.describeTable(r -> r.tableName(rooms)).table().globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).sorted().toList();
        assertEquals(Tables.ROOMS.globalIndexes().stream().map(TableDef.Index::name).sorted().toList(), indexes);
        assertTrue(db.getItem(r -> r.tableName(rooms).key(Map.of("room_id", AttributeValue.fromS("room_old"))))
                .hasItem(), "the old data is kept");
        assertEquals(0, TableSetup.createMissing(db, config), "a second run changes nothing");
        assertEquals(List.of(), new RoomStore(db, TableNames.from(config).rooms()).listDeleting(Long.MAX_VALUE),
                "the new index answers at once");
    }
}
