package dev.agentchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

class TransactionsTest {
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
    void append_whenManyWritersRace_seqIsGapFreeAndTimestampsStrictlyIncrease() throws Exception {
        Transactions store = transactions(Clock.systemUTC());
        EventStore events = new EventStore(db, tables.events());
        String roomId = newRoom();
        int writers = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<List<RoomEvent>>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            results.add(pool.submit(() -> {
                List<RoomEvent> written = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    written.add(store.append(roomId, message("w" + writer + "-" + i)));
                }
                return written;
            }));
        }
        int acknowledged = 0;
        for (Future<List<RoomEvent>> result : results) {
            acknowledged += result.get().size();
        }
        pool.shutdown();

        List<RoomEvent> all = events.after(roomId, 0, 200).events();
        assertEquals(writers * each, acknowledged);
        assertEquals(writers * each, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).seq());
            if (i > 0) {
                assertTrue(all.get(i).timestamp().compareTo(all.get(i - 1).timestamp()) > 0,
                        "timestamps must strictly increase: " + all.get(i - 1).timestamp() + " then " + all.get(i).timestamp());
            }
        }
    }

    @Test
    void append_whenClockStandsStill_timestampsStillIncreaseByOneMillisecond() {
        Clock frozen = Clock.fixed(Instant.parse("2025-06-15T10:30:00.123Z"), ZoneOffset.UTC);
        Transactions store = transactions(frozen);
        String roomId = newRoom();
        RoomEvent first = store.append(roomId, message("a"));
        RoomEvent second = store.append(roomId, message("b"));
        assertEquals("2025-06-15T10:30:00.123Z", first.timestamp());
        assertEquals("2025-06-15T10:30:00.124Z", second.timestamp());
    }

    @Test
    void append_whenRoomMissing_refusesWithNoRoom() {
        Transactions store = transactions(Clock.systemUTC());
        AppendRefused refused = assertThrows(AppendRefused.class, () -> store.append("room_missing", message("x")));
        assertEquals(AppendRefused.Reason.NO_ROOM, refused.reason());
    }

    @Test
    void append_whenTheRoomIsMarkedForDeletionAfterItsHeadWasRead_isRefusedByTheCondition() {
        Transactions store = transactions(Clock.systemUTC());
        EventStore events = new EventStore(db, tables.events());
        RoomStore rooms = new RoomStore(db, tables.rooms());
        String owner = SECRETS.newId("usr");
        db.putItem(PutItemRequest.builder().tableName(tables.users())
                .item(Map.of("pk", Items.s(owner), "room_count", Items.n(1))).build());
        Room room = new Room(SECRETS.newId("room"), "Doomed", null, RoomType.PRIVATE, 10, owner,
                "2025-01-01T00:00:00.000Z", 0, 0, 0, 0, null, java.util.Set.of(), dev.agentchat.model.Guard.fresh(60));
        db.putItem(PutItemRequest.builder().tableName(tables.rooms()).item(RoomStore.toItem(room)).build());
        store.append(room.id(), message("before"));

        // The extra steps are built after the head was read: the mark lands between read and write.
        AppendRefused refused = assertThrows(AppendRefused.class, () -> store.append(room.id(), message("after"),
                RoomGuard.NONE, event -> {
                    assertTrue(store.beginDeletion(room, 1));
                    return List.of();
                }));

        assertEquals(AppendRefused.Reason.NO_ROOM, refused.reason());
        assertEquals(List.of("before"), events.after(room.id(), 0, 10).events().stream().map(RoomEvent::content).toList());
        assertEquals(null, rooms.head(room.id()), "a room being deleted has no head");
        assertTrue(rooms.find(room.id()).isEmpty());
        assertEquals(List.of(room.id()), rooms.listDeleting(2).stream().filter(room.id()::equals).toList());
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
