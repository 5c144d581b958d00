package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.putIfPresent;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.Member;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Rooms, and the transaction that creates one together with its owner's admin key. */
public final class RoomStore {
    static final String LAST_SEQ = "last_seq";
    static final String LAST_TS = "last_ts";
    static final String MEMBER_COUNT = "member_count";
    static final String KEY_COUNT = "key_count";

    /** Why a room could not be created. */
    public enum CreateOutcome { CREATED, ROOM_LIMIT_REACHED, NO_SUCH_USER }

    private final DynamoDbClient db;
    private final TableNames tables;

    public RoomStore(DynamoDbClient db, TableNames tables) {
        this.db = db;
        this.tables = tables;
    }

    /**
     * Creates the room and its first (admin) key, counting the room against the owner's limit,
     * all or nothing.
     */
    public CreateOutcome create(Room room, Member adminKey, int maxRoomsPerUser) {
        Update countRoom = Update.builder()
                .tableName(tables.users())
                .key(Map.of("pk", s(room.ownerId())))
                .updateExpression("SET " + UserStore.ROOM_COUNT + " = if_not_exists("
                        + UserStore.ROOM_COUNT + ", :zero) + :one")
                .conditionExpression("attribute_exists(pk) AND (attribute_not_exists("
                        + UserStore.ROOM_COUNT + ") OR " + UserStore.ROOM_COUNT + " < :max)")
                .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":max", n(maxRoomsPerUser)))
                .build();
        Put putRoom = Put.builder().tableName(tables.rooms()).item(toItem(room))
                .conditionExpression("attribute_not_exists(room_id)").build();
        Put putKey = Put.builder().tableName(tables.keys()).item(MemberStore.toItem(adminKey))
                .conditionExpression("attribute_not_exists(key_hash)").build();
        try {
            Conditions.write(db, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().update(countRoom).build(),
                    TransactWriteItem.builder().put(putRoom).build(),
                    TransactWriteItem.builder().put(putKey).build()).build());
            return CreateOutcome.CREATED;
        } catch (TransactionCanceledException e) {
            if (Conditions.failedAt(e, 0)) {
                return findUserExists(room.ownerId()) ? CreateOutcome.ROOM_LIMIT_REACHED : CreateOutcome.NO_SUCH_USER;
            }
            throw e;
        }
    }

    public Optional<Room> find(String roomId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(tables.rooms()).key(Map.of("room_id", s(roomId))).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The rooms a user owns, newest first. */
    public List<Room> listByOwner(String ownerId) {
        List<Room> rooms = new ArrayList<>();
        // The SDK's paginator follows LastEvaluatedKey until the index is exhausted.
        db.queryPaginator(QueryRequest.builder()
                .tableName(tables.rooms())
                .indexName(Tables.ROOMS_BY_OWNER)
                .keyConditionExpression("owner_id = :o")
                .expressionAttributeValues(Map.of(":o", s(ownerId)))
                .scanIndexForward(false)
                .build()).items().forEach(item -> rooms.add(fromItem(item)));
        return rooms;
    }

    private boolean findUserExists(String userId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(tables.users()).key(Map.of("pk", s(userId))).consistentRead(true).build()).item();
        return item != null && !item.isEmpty();
    }

    static Map<String, AttributeValue> toItem(Room room) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("room_id", s(room.id()));
        item.put("name", s(room.name()));
        item.put("name_lc", s(room.name().toLowerCase(Locale.ROOT)));
        putIfPresent(item, "description", room.description());
        item.put("type", s(room.type().wire()));
        item.put("max_members", n(room.maxMembers()));
        item.put("owner_id", s(room.ownerId()));
        item.put("created_at", s(room.createdAt()));
        item.put(LAST_SEQ, n(room.lastSeq()));
        item.put(LAST_TS, n(room.lastTsMillis()));
        item.put(MEMBER_COUNT, n(room.memberCount()));
        item.put(KEY_COUNT, n(room.keyCount()));
        putIfPresent(item, "room_key_hash", room.roomKeyHash());
        if (room.isPublic()) {
            // Sparse index key: only public rooms appear in the public listing.
            item.put("public_pk", s("public"));
        }
        return item;
    }

    static Room fromItem(Map<String, AttributeValue> item) {
        return new Room(
                str(item, "room_id"),
                str(item, "name"),
                str(item, "description"),
                RoomType.fromWire(str(item, "type")),
                (int) num(item, "max_members", 0),
                str(item, "owner_id"),
                str(item, "created_at"),
                num(item, LAST_SEQ, 0),
                num(item, LAST_TS, 0),
                (int) num(item, MEMBER_COUNT, 0),
                (int) num(item, KEY_COUNT, 0),
                str(item, "room_key_hash"));
    }
}
