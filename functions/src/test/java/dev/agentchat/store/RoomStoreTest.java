package dev.agentchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.model.Guard;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomType;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.LocalDynamo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

class RoomStoreTest {
    private static final Secrets SECRETS = Secrets.create();
    private static DynamoDbClient db;
    private static TableNames tables;
    private static RoomStore rooms;

    @BeforeAll
    static void tables() {
        db = LocalDynamo.client();
        tables = TableNames.from(LocalDynamo.freshConfig(Map.of()));
        rooms = new RoomStore(db, tables.rooms());
    }

    @Test
    void find_afterAPut_readsBackEveryField() {
        Room room = new Room(SECRETS.newId("room"), "Planning", "Weekly", RoomType.PUBLIC, 12, SECRETS.newId("usr"),
                "2025-01-02T03:04:05.006Z", 7, 1_700_000_000_123L, 3, 4, "hash-of-room-key", Set.of(),
                new Guard(25, 3, 1_700_000_000_456L));
        put(room);

        assertEquals(room, rooms.find(room.id()).orElseThrow());
        assertTrue(rooms.isLive(room.id()));
        assertEquals(new RoomStore.Head(7, 1_700_000_000_123L, room.guard()), rooms.head(room.id()));
    }

    @Test
    void find_whenTheRoomDoesNotExist_isEmptyAndItHasNoHead() {
        assertTrue(rooms.find("room_missing").isEmpty());
        assertTrue(rooms.findDeleting("room_missing").isEmpty());
        assertFalse(rooms.isLive("room_missing"));
        assertNull(rooms.head("room_missing"));
    }

    @Test
    void find_whenTheRoomIsBeingDeleted_isEmptyButFindDeletingSeesIt() {
        Room room = put(room(RoomType.PUBLIC, "Doomed", SECRETS.newId("usr")));
        db.transactWriteItems(r -> r.transactItems(rooms.markDeletingStep(room.id(), 1_000)));

        assertTrue(rooms.find(room.id()).isEmpty());
        assertEquals(room.id(), rooms.findDeleting(room.id()).orElseThrow().id());
        assertFalse(rooms.isLive(room.id()));
        assertNull(rooms.head(room.id()));
        assertTrue(rooms.listPublic("doomed", 10).isEmpty(), "a room being deleted leaves the public listing");
        assertEquals(List.of(room.id()), rooms.listDeleting(1_001).stream().filter(room.id()::equals).toList());
        assertEquals(List.of(), rooms.listDeleting(1_000).stream().filter(room.id()::equals).toList());
    }

    @Test
    void removeDeleted_removesOnlyARoomWhoseDeletionBegan() {
        Room live = put(room(RoomType.PRIVATE, "Live", SECRETS.newId("usr")));
        Room doomed = put(room(RoomType.PRIVATE, "Doomed", SECRETS.newId("usr")));
        db.transactWriteItems(r -> r.transactItems(rooms.markDeletingStep(doomed.id(), 1_000)));

        rooms.removeDeleted(live.id());
        rooms.removeDeleted(doomed.id());
        rooms.removeDeleted(doomed.id());

        assertTrue(rooms.find(live.id()).isPresent());
        assertTrue(rooms.findDeleting(doomed.id()).isEmpty());
    }

    @Test
    void listByOwner_whenTheOwnerHasRooms_listsThemNewestFirstWithoutOnesBeingDeleted() {
        String owner = SECRETS.newId("usr");
        Room first = put(withCreatedAt(room(RoomType.PRIVATE, "First", owner), "2025-01-01T00:00:00.000Z"));
        Room second = put(withCreatedAt(room(RoomType.PRIVATE, "Second", owner), "2025-01-02T00:00:00.000Z"));
        Room third = put(withCreatedAt(room(RoomType.PRIVATE, "Third", owner), "2025-01-03T00:00:00.000Z"));
        put(room(RoomType.PRIVATE, "Someone else's", SECRETS.newId("usr")));
        db.transactWriteItems(r -> r.transactItems(rooms.markDeletingStep(second.id(), 1_000)));

        assertEquals(List.of(third.id(), first.id()), rooms.listByOwner(owner).stream().map(Room::id).toList());
    }

    @Test
    void listPublic_whenAQueryIsGiven_matchesPartOfTheNameWhateverItsCase() {
        String tag = SECRETS.newId("tag").toLowerCase();
        Room match = put(room(RoomType.PUBLIC, "Lounge " + tag.toUpperCase(), SECRETS.newId("usr")));
        put(room(RoomType.PRIVATE, "Hidden " + tag, SECRETS.newId("usr")));
        put(room(RoomType.PUBLIC, "Elsewhere", SECRETS.newId("usr")));

        assertEquals(List.of(match.id()), rooms.listPublic("  " + tag + " ", 10).stream().map(Room::id).toList());
    }

    @Test
    void update_whenNameTypeAndDescriptionChange_readsBackAndMovesTheRoomIntoTheListing() {
        Room room = put(room(RoomType.PRIVATE, "Old name", SECRETS.newId("usr")));
        String tag = SECRETS.newId("tag").toLowerCase();

        RoomStore.UpdateOutcome outcome = rooms.update(room.id(),
                new RoomStore.Changes("New " + tag, "About it", RoomType.PUBLIC, null, "new-key-hash", false, null));

        assertEquals(RoomStore.UpdateOutcome.UPDATED, outcome);
        Room updated = rooms.find(room.id()).orElseThrow();
        assertEquals("New " + tag, updated.name());
        assertEquals("About it", updated.description());
        assertEquals(RoomType.PUBLIC, updated.type());
        assertEquals("new-key-hash", updated.roomKeyHash());
        assertEquals(List.of(room.id()), rooms.listPublic(tag, 10).stream().map(Room::id).toList());
    }

    @Test
    void update_whenMadePrivateWithAnEmptyDescription_dropsTheRoomKeyDescriptionAndListing() {
        String tag = SECRETS.newId("tag").toLowerCase();
        Room room = put(room(RoomType.PUBLIC, "Open " + tag, SECRETS.newId("usr")));

        assertEquals(RoomStore.UpdateOutcome.UPDATED, rooms.update(room.id(),
                new RoomStore.Changes(null, "", RoomType.PRIVATE, null, null, true, null)));

        Room updated = rooms.find(room.id()).orElseThrow();
        assertEquals(RoomType.PRIVATE, updated.type());
        assertNull(updated.description());
        assertNull(updated.roomKeyHash());
        assertTrue(rooms.listPublic(tag, 10).isEmpty());
    }

    @Test
    void update_whenMaxMembersWouldFallBelowTheMemberCount_isTooManyMembersAndChangesNothing() {
        Room room = put(new Room(SECRETS.newId("room"), "Busy", null, RoomType.PRIVATE, 10, SECRETS.newId("usr"),
                "2025-01-01T00:00:00.000Z", 0, 0, 5, 5, null, Set.of(), Guard.fresh(60)));

        assertEquals(RoomStore.UpdateOutcome.TOO_MANY_MEMBERS, rooms.update(room.id(),
                new RoomStore.Changes("Renamed", null, null, 4, null, false, null)));
        assertEquals(room, rooms.find(room.id()).orElseThrow());
        assertEquals(RoomStore.UpdateOutcome.UPDATED, rooms.update(room.id(),
                new RoomStore.Changes(null, null, null, 5, null, false, null)));
        assertEquals(5, rooms.find(room.id()).orElseThrow().maxMembers());
    }

    @Test
    void update_whenTheRoomIsMissingOrBeingDeleted_isNoRoom() {
        Room doomed = put(room(RoomType.PRIVATE, "Doomed", SECRETS.newId("usr")));
        db.transactWriteItems(r -> r.transactItems(rooms.markDeletingStep(doomed.id(), 1_000)));
        RoomStore.Changes rename = new RoomStore.Changes("Renamed", null, null, null, null, false, null);
        RoomStore.Changes nothing = new RoomStore.Changes(null, null, null, null, null, false, null);

        assertEquals(RoomStore.UpdateOutcome.NO_ROOM, rooms.update("room_missing", rename));
        assertEquals(RoomStore.UpdateOutcome.NO_ROOM, rooms.update("room_missing", nothing));
        assertEquals(RoomStore.UpdateOutcome.NO_ROOM, rooms.update(doomed.id(), rename));
    }

    @Test
    void addBans_whenTheRoomIsLive_addsToTheSetAndRefusesARoomBeingDeleted() {
        Room room = put(room(RoomType.PUBLIC, "Strict", SECRETS.newId("usr")));

        rooms.addBans(room.id(), Set.of("name:mallory"));
        rooms.addBans(room.id(), Set.of("ip:192.0.2.1", "name:mallory"));
        rooms.addBans(room.id(), Set.of());

        assertEquals(Set.of("name:mallory", "ip:192.0.2.1"), rooms.find(room.id()).orElseThrow().bans());
        db.transactWriteItems(r -> r.transactItems(rooms.markDeletingStep(room.id(), 1_000)));
        assertThrows(ConditionalCheckFailedException.class,
                () -> rooms.addBans(room.id(), Set.of("name:eve")));
    }

    private static Room room(RoomType type, String name, String ownerId) {
        return new Room(SECRETS.newId("room"), name, null, type, 10, ownerId, "2025-01-01T00:00:00.000Z", 0, 0, 0, 1,
                type == RoomType.PUBLIC ? "room-key-hash" : null, Set.of(), Guard.fresh(60));
    }

    private static Room withCreatedAt(Room r, String createdAt) {
        return new Room(r.id(), r.name(), r.description(), r.type(), r.maxMembers(), r.ownerId(), createdAt,
                r.lastSeq(), r.lastTsMillis(), r.memberCount(), r.keyCount(), r.roomKeyHash(), r.bans(), r.guard());
    }

    private static Room put(Room room) {
        db.putItem(PutItemRequest.builder().tableName(tables.rooms()).item(RoomStore.toItem(room)).build());
        return room;
    }
}
