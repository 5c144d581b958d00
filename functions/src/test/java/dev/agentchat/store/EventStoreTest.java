package dev.agentchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.config.AppConfig;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.RoomType;
import dev.agentchat.model.SenderKind;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.LocalDynamo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

class EventStoreTest {
    private static final Secrets SECRETS = Secrets.create();
    private static DynamoDbClient db;
    private static TableNames tables;

    @BeforeAll
    static void tables() {
        AppConfig config = LocalDynamo.freshConfig(Map.of());
        db = LocalDynamo.client();
        tables = TableNames.from(config);
    }

    private static Transactions transactions(Clock clock) {
        return new Transactions(db, tables, SECRETS, clock, AppendGate.NONE);
    }

    @Test
    void since_afterAndBefore_pageWithoutSkippingOrRepeating() {
        Transactions writer = transactions(Clock.systemUTC());
        EventStore store = new EventStore(db, tables.events());
        String roomId = newRoom();
        List<RoomEvent> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.add(writer.append(roomId, message("m" + i)));
        }
        EventStore.Page firstThree = store.after(roomId, 0, 3);
        assertEquals(List.of(1L, 2L, 3L), firstThree.events().stream().map(RoomEvent::seq).toList());
        assertTrue(firstThree.hasMore());

        long sinceMillis = Instant.parse(written.get(2).timestamp()).toEpochMilli();
        EventStore.Page rest = store.since(roomId, sinceMillis, 10);
        assertEquals(List.of(4L, 5L, 6L, 7L), rest.events().stream().map(RoomEvent::seq).toList());
        assertFalse(rest.hasMore());

        EventStore.Page older = store.before(roomId, 4, 2);
        assertEquals(List.of(2L, 3L), older.events().stream().map(RoomEvent::seq).toList());
        assertTrue(older.hasMore());

        EventStore.Page latest = store.before(roomId, Long.MAX_VALUE, 2);
        assertEquals(List.of(6L, 7L), latest.events().stream().map(RoomEvent::seq).toList());
    }

    private String newRoom() {
        Room room = new Room(SECRETS.newId("room"), "Test", null, RoomType.PRIVATE, 10, "usr_x",
                "2025-01-01T00:00:00.000Z", 0, 0, 0, 0, null, java.util.Set.of(), dev.agentchat.model.Guard.fresh(60));
        db.putItem(PutItemRequest.builder().tableName(tables.rooms()).item(RoomStore.toItem(room)).build());
        return room.id();
    }

    private static EventDraft message(String content) {
        return new EventDraft(EventType.MESSAGE, "agt_test", "Tester", SenderKind.AGENT, content);
    }
}
