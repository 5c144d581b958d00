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
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Rooms, and the transaction that creates one together with its owner's admin key. */
public final class RoomStore {
    static final String LAST_SEQ = "last_seq";
    static final String LAST_TS = "last_ts";
    static final String MEMBER_COUNT = "member_count";
    static final String KEY_COUNT = "key_count";
    /**
     * Set when a room's deletion begins; the item itself goes last. A room carrying it is gone for
     * everyone: every read here hides it and every write to it is conditioned on its absence.
     */
    static final String DELETING_AT = "deleting_at";
    /** The condition every write to a live room carries. */
    static final String LIVE = "attribute_not_exists(" + DELETING_AT + ")";
    private static final String DELETING_PK = "deleting_pk";

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

    /** The room, unless it does not exist or is being deleted. */
    public Optional<Room> find(String roomId) {
        return item(roomId).filter(item -> !item.containsKey(DELETING_AT)).map(RoomStore::fromItem);
    }

    /** The room if its deletion has begun and not finished (only finishing it may see the room). */
    public Optional<Room> findDeleting(String roomId) {
        return item(roomId).filter(item -> item.containsKey(DELETING_AT)).map(RoomStore::fromItem);
    }

    /** Whether the room exists and is not being deleted: one small consistent read. */
    public boolean isLive(String roomId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder().tableName(tables.rooms())
                .key(Map.of("room_id", s(roomId))).projectionExpression("room_id, " + DELETING_AT)
                .consistentRead(true).build()).item();
        return item != null && !item.isEmpty() && !item.containsKey(DELETING_AT);
    }

    private Optional<Map<String, AttributeValue>> item(String roomId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(tables.rooms()).key(Map.of("room_id", s(roomId))).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** The rooms a user owns, newest first. */
    public List<Room> listByOwner(String ownerId) {
        List<Room> rooms = new ArrayList<>();
        // The SDK's paginator follows LastEvaluatedKey until the index is exhausted.
        db.queryPaginator(QueryRequest.builder()
                .tableName(tables.rooms())
                .indexName(Tables.ROOMS_BY_OWNER)
                .keyConditionExpression("owner_id = :o")
                .filterExpression(LIVE)
                .expressionAttributeValues(Map.of(":o", s(ownerId)))
                .scanIndexForward(false)
                .build()).items().forEach(item -> rooms.add(fromItem(item)));
        return rooms;
    }

    /** What a PATCH may change; null fields stay as they are. */
    public record Changes(String name, String description, RoomType type, Integer maxMembers, String roomKeyHash,
                          boolean dropRoomKey) {
    }

    /** Why an update was refused. */
    public enum UpdateOutcome { UPDATED, NO_ROOM, TOO_MANY_MEMBERS }

    public UpdateOutcome update(String roomId, Changes changes) {
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        if (changes.name() != null) {
            set.add("#name = :name, name_lc = :name_lc, name_search = :name_lc");
            names.put("#name", "name");
            values.put(":name", s(changes.name()));
            values.put(":name_lc", s(changes.name().toLowerCase(Locale.ROOT)));
        }
        if (changes.description() != null) {
            if (changes.description().isEmpty()) {
                remove.add("description");
            } else {
                set.add("description = :description");
                values.put(":description", s(changes.description()));
            }
        }
        if (changes.type() != null) {
            set.add("#type = :type");
            names.put("#type", "type");
            values.put(":type", s(changes.type().wire()));
            if (changes.type() == RoomType.PUBLIC) {
                set.add("public_pk = :public");
                values.put(":public", s("public"));
            } else {
                remove.add("public_pk");
            }
        }
        if (changes.roomKeyHash() != null) {
            set.add("room_key_hash = :rk");
            values.put(":rk", s(changes.roomKeyHash()));
        } else if (changes.dropRoomKey()) {
            remove.add("room_key_hash");
        }
        // A room being deleted takes no changes (a PATCH to public would put it back in the listing).
        String condition = "attribute_exists(room_id) AND " + LIVE;
        if (changes.maxMembers() != null) {
            set.add("max_members = :max");
            values.put(":max", n(changes.maxMembers()));
            condition += " AND " + MEMBER_COUNT + " <= :max";
        }
        if (set.isEmpty() && remove.isEmpty()) {
            return find(roomId).isPresent() ? UpdateOutcome.UPDATED : UpdateOutcome.NO_ROOM;
        }
        String expression = (set.isEmpty() ? "" : "SET " + String.join(", ", set))
                + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        UpdateItemRequest.Builder request = UpdateItemRequest.builder().tableName(tables.rooms())
                .key(Map.of("room_id", s(roomId)))
                .updateExpression(expression.trim())
                .conditionExpression(condition);
        if (!values.isEmpty()) {
            request.expressionAttributeValues(values);
        }
        if (!names.isEmpty()) {
            request.expressionAttributeNames(names);
        }
        try {
            db.updateItem(request.build());
            return UpdateOutcome.UPDATED;
        } catch (ConditionalCheckFailedException e) {
            return find(roomId).isPresent() ? UpdateOutcome.TOO_MANY_MEMBERS : UpdateOutcome.NO_ROOM;
        }
    }

    /** Remembers who may not return through the public join. */
    public void addBans(String roomId, Set<String> bans) {
        if (bans.isEmpty()) {
            return;
        }
        db.updateItem(UpdateItemRequest.builder().tableName(tables.rooms())
                .key(Map.of("room_id", s(roomId)))
                .updateExpression("ADD bans :bans")
                .conditionExpression("attribute_exists(room_id) AND " + LIVE)
                .expressionAttributeValues(Map.of(":bans", AttributeValue.fromSs(List.copyOf(bans))))
                .build());
    }

    /**
     * Begins the room's deletion: marks the room (from now on it is gone for everyone), takes it
     * out of the public listing and gives its owner the room back on their limit, atomically;
     * false if the room was already gone or marked. Its contents are deleted afterwards, the room
     * item last ({@link #removeDeleted}).
     */
    public boolean markDeleting(Room room, long nowMillis) {
        try {
            Conditions.write(db, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(tables.rooms())
                            .key(Map.of("room_id", s(room.id())))
                            .updateExpression("SET " + DELETING_AT + " = :now, " + DELETING_PK + " = :deleting"
                                    + " REMOVE public_pk")
                            .conditionExpression("attribute_exists(room_id) AND " + LIVE)
                            .expressionAttributeValues(Map.of(":now", n(nowMillis), ":deleting", s("deleting")))
                            .build()).build(),
                    TransactWriteItem.builder().update(Update.builder().tableName(tables.users())
                            .key(Map.of("pk", s(room.ownerId())))
                            .updateExpression("SET " + UserStore.ROOM_COUNT + " = " + UserStore.ROOM_COUNT + " - :one")
                            .conditionExpression("attribute_exists(pk) AND " + UserStore.ROOM_COUNT + " > :zero")
                            .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0))).build()).build()).build());
            return true;
        } catch (TransactionCanceledException e) {
            if (Conditions.failedAt(e, 0)) {
                return false;
            }
            throw e;
        }
    }

    /** Ids of rooms whose deletion began before {@code beforeMillis} and has not finished, oldest first. */
    public List<String> listDeleting(long beforeMillis) {
        List<String> ids = new ArrayList<>();
        db.queryPaginator(QueryRequest.builder().tableName(tables.rooms()).indexName(Tables.ROOMS_DELETING)
                        .keyConditionExpression(DELETING_PK + " = :d AND " + DELETING_AT + " < :before")
                        .expressionAttributeValues(Map.of(":d", s("deleting"), ":before", n(beforeMillis)))
                        .projectionExpression("room_id")
                        .build())
                .items().forEach(item -> ids.add(str(item, "room_id")));
        return ids;
    }

    /** Removes the item of a room whose deletion has deleted everything else; a no-op if it is gone already. */
    public void removeDeleted(String roomId) {
        try {
            db.deleteItem(DeleteItemRequest.builder().tableName(tables.rooms()).key(Map.of("room_id", s(roomId)))
                    .conditionExpression("attribute_exists(" + DELETING_AT + ")").build());
        } catch (ConditionalCheckFailedException e) {
            // Gone already (another delete finished first); a live room is never removed here.
        }
    }

    /** Deletes a deleted room's events and idempotency records; returns how many events went. */
    public int purgeHistory(String roomId) {
        Batches.deletePartition(db, tables.idempotency(), "room_id", roomId, "idem_key");
        return Batches.deletePartition(db, tables.events(), "room_id", roomId, "seq");
    }

    /** Deletes rate-limit cells (they hold agent ids of a deleted room). */
    public void deleteLimitCells(List<String> buckets) {
        Batches.deleteKeys(db, tables.limits(), buckets.stream().map(b -> Map.of("bucket", s(b))).toList());
    }

    /** Public rooms whose name contains {@code query} (all when blank), by name. */
    public List<Room> listPublic(String query, int limit) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(tables.rooms()).indexName(Tables.ROOMS_PUBLIC)
                .keyConditionExpression("public_pk = :p");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":p", s("public"));
        if (query != null && !query.isBlank()) {
            request.filterExpression("contains(name_search, :q)");
            values.put(":q", s(query.trim().toLowerCase(Locale.ROOT)));
        }
        List<Room> rooms = new ArrayList<>();
        for (Map<String, AttributeValue> item : db.queryPaginator(request.expressionAttributeValues(values).build()).items()) {
            rooms.add(fromItem(item));
            if (rooms.size() == limit) {
                break;
            }
        }
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
        // The same again as a plain attribute: DynamoDB filters may not use an index's key.
        item.put("name_search", s(room.name().toLowerCase(Locale.ROOT)));
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
                str(item, "room_key_hash"),
                item.containsKey("bans") ? Set.copyOf(item.get("bans").ss()) : Set.of());
    }
}
