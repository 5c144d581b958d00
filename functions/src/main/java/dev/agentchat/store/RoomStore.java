package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.putIfPresent;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.Guard;
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
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Rooms (the {@link Tables#ROOMS} table), each holding its event counter and member/key counts. */
public final class RoomStore {
    static final String ROOM_ID = "room_id";
    static final String NAME = "name";
    /** The name lower-cased: the public listing's sort key. */
    static final String NAME_LC = "name_lc";
    /** The same again as a plain attribute: DynamoDB filters may not use an index's key. */
    static final String NAME_SEARCH = "name_search";
    static final String DESCRIPTION = "description";
    static final String TYPE = "type";
    static final String MAX_MEMBERS = "max_members";
    static final String OWNER_ID = "owner_id";
    static final String CREATED_AT = "created_at";
    static final String LAST_SEQ = "last_seq";
    static final String LAST_TS = "last_ts";
    static final String MEMBER_COUNT = "member_count";
    static final String KEY_COUNT = "key_count";
    static final String ROOM_KEY_HASH = "room_key_hash";
    static final String BANS = "bans";
    /** The loop guard (see {@link Guard}): the room's agent_turn_budget setting. */
    static final String TURN_BUDGET = "turn_budget";
    /** Agent messages since the last human message or resume; counted by each agent message's append. */
    static final String TURNS_USED = "turns_used";
    /** Set while the room is paused (epoch millis). */
    static final String PAUSED_AT = "paused_at";
    /** Set while the room is archived (read-only), epoch millis. */
    static final String ARCHIVED_AT = "archived_at";
    /** The retention_days setting; absent = events are kept forever. */
    static final String RETENTION_DAYS = "retention_days";
    /** Sparse index key: only public rooms carry it, so only they appear in the public listing. */
    static final String PUBLIC_PK = "public_pk";
    /**
     * Set when a room's deletion begins; the item itself goes last. A room carrying it is gone for
     * everyone: every read here hides it and every write to it is conditioned on its absence.
     */
    static final String DELETING_AT = "deleting_at";
    /** Sparse index key of the rooms whose deletion is under way. */
    static final String DELETING_PK = "deleting_pk";

    private static final String PUBLIC = "public";
    private static final String DELETING = "deleting";
    private static final String EXISTS = "attribute_exists(" + ROOM_ID + ")";
    /** The condition every write to a live room carries. */
    private static final String LIVE = "attribute_not_exists(" + DELETING_AT + ")";

    /**
     * The room's counter: the last seq and timestamp it handed out, and the loop guard kept beside
     * it (read in the same call, so an append knows what its message spends).
     */
    public record Head(long lastSeq, long lastTsMillis, Guard guard, int retentionDays) {
        public Head(long lastSeq, long lastTsMillis, Guard guard) {
            this(lastSeq, lastTsMillis, guard, 0);
        }

        /** The counter of a room item as read whole (the same fields {@link RoomStore#head} reads). */
        public static Head of(Room room) {
            return new Head(room.lastSeq(), room.lastTsMillis(), room.guard(), room.retentionDays());
        }

        /** When an event stamped {@code tsMillis} expires under the room's retention (epoch seconds); 0 = never. */
        public long expiresAtSeconds(long tsMillis) {
            return retentionDays > 0 ? tsMillis / 1000 + retentionDays * 86_400L : 0;
        }
    }

    /** BatchGetItem reads at most this many keys per call. */
    private static final int BATCH_GET_MAX = 100;
    private static final int BATCH_GET_ROUNDS = 20;

    private final DynamoDbClient db;
    private final String table;

    public RoomStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
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
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder().tableName(table)
                .key(key(roomId)).projectionExpression(ROOM_ID + ", " + DELETING_AT)
                .consistentRead(true).build()).item();
        return item != null && !item.isEmpty() && !item.containsKey(DELETING_AT);
    }

    /** The room's counter, read strongly consistent; null if the room does not exist or is being deleted. */
    public Head head(String roomId) {
        return head(roomId, true);
    }

    /**
     * The room's counter from an eventually consistent read, at half the read units: for a waiter
     * that only asks whether it moved (and then reads the events strongly). It may lag a write by
     * a moment, never run ahead of one; null as for {@link #head}.
     */
    public Head headEventually(String roomId) {
        return head(roomId, false);
    }

    private Head head(String roomId, boolean consistent) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(table)
                .key(key(roomId))
                .projectionExpression(String.join(", ", LAST_SEQ, LAST_TS, DELETING_AT, TURN_BUDGET, TURNS_USED,
                        PAUSED_AT, RETENTION_DAYS))
                .consistentRead(consistent)
                .build()).item();
        if (item == null || item.isEmpty() || item.containsKey(DELETING_AT)) {
            return null;
        }
        return new Head(num(item, LAST_SEQ, 0), num(item, LAST_TS, 0), guard(item), (int) num(item, RETENTION_DAYS, 0));
    }

    private Optional<Map<String, AttributeValue>> item(String roomId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(table).key(key(roomId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** The rooms a user owns, newest first. */
    public List<Room> listByOwner(String ownerId) {
        List<Room> rooms = new ArrayList<>();
        Pages.query(db, QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.ROOMS_BY_OWNER)
                .keyConditionExpression(OWNER_ID + " = :o")
                .filterExpression(LIVE)
                .expressionAttributeValues(Map.of(":o", s(ownerId)))
                .scanIndexForward(false)
                .build(), item -> rooms.add(fromItem(item)));
        return rooms;
    }

    /**
     * The live rooms among these ids, in no particular order (missing and deleting ones left out):
     * one BatchGetItem per hundred ids.
     */
    public List<Room> findAll(List<String> roomIds) {
        List<Room> found = new ArrayList<>();
        for (int from = 0; from < roomIds.size(); from += BATCH_GET_MAX) {
            List<Map<String, AttributeValue>> keys = roomIds.subList(from, Math.min(roomIds.size(), from + BATCH_GET_MAX))
                    .stream().distinct().map(RoomStore::key).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round == BATCH_GET_ROUNDS) {
                    throw new IllegalStateException("DynamoDB kept leaving rooms unread in " + table);
                }
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = db.batchGetItem(r -> r.requestItems(request));
                response.responses().getOrDefault(table, List.of()).stream()
                        .filter(item -> !item.containsKey(DELETING_AT))
                        .forEach(item -> found.add(fromItem(item)));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    /** What a PATCH may change; null fields stay as they are. */
    public record Changes(String name, String description, RoomType type, Integer maxMembers, String roomKeyHash,
                          boolean dropRoomKey, Integer turnBudget, Integer retentionDays) {
        public Changes(String name, String description, RoomType type, Integer maxMembers, String roomKeyHash,
                       boolean dropRoomKey, Integer turnBudget) {
            this(name, description, type, maxMembers, roomKeyHash, dropRoomKey, turnBudget, null);
        }
    }

    /** Why an update was refused. */
    public enum UpdateOutcome { UPDATED, NO_ROOM, TOO_MANY_MEMBERS }

    public UpdateOutcome update(String roomId, Changes changes) {
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        if (changes.name() != null) {
            set.add("#name = :name, " + NAME_LC + " = :name_lc, " + NAME_SEARCH + " = :name_lc");
            names.put("#name", NAME);
            values.put(":name", s(changes.name()));
            values.put(":name_lc", s(changes.name().toLowerCase(Locale.ROOT)));
        }
        if (changes.description() != null) {
            if (changes.description().isEmpty()) {
                remove.add(DESCRIPTION);
            } else {
                set.add(DESCRIPTION + " = :description");
                values.put(":description", s(changes.description()));
            }
        }
        if (changes.type() != null) {
            set.add("#type = :type");
            names.put("#type", TYPE);
            values.put(":type", s(changes.type().wire()));
            if (changes.type() == RoomType.PUBLIC) {
                set.add(PUBLIC_PK + " = :public");
                values.put(":public", s(PUBLIC));
            } else {
                remove.add(PUBLIC_PK);
            }
        }
        if (changes.roomKeyHash() != null) {
            set.add(ROOM_KEY_HASH + " = :rk");
            values.put(":rk", s(changes.roomKeyHash()));
        } else if (changes.dropRoomKey()) {
            remove.add(ROOM_KEY_HASH);
        }
        if (changes.turnBudget() != null) {
            // A new budget counts from now: turns spent under the old one are forgiven.
            set.add(TURN_BUDGET + " = :budget, " + TURNS_USED + " = :zero");
            values.put(":budget", n(changes.turnBudget()));
            values.put(":zero", n(0));
        }
        if (changes.retentionDays() != null) {
            if (changes.retentionDays() == 0) {
                remove.add(RETENTION_DAYS);
            } else {
                set.add(RETENTION_DAYS + " = :retention");
                values.put(":retention", n(changes.retentionDays()));
            }
        }
        // A room being deleted takes no changes (a PATCH to public would put it back in the listing).
        String condition = EXISTS + " AND " + LIVE;
        if (changes.maxMembers() != null) {
            set.add(MAX_MEMBERS + " = :max");
            values.put(":max", n(changes.maxMembers()));
            condition += " AND " + MEMBER_COUNT + " <= :max";
        }
        if (set.isEmpty() && remove.isEmpty()) {
            return find(roomId).isPresent() ? UpdateOutcome.UPDATED : UpdateOutcome.NO_ROOM;
        }
        String expression = (set.isEmpty() ? "" : "SET " + String.join(", ", set))
                + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        UpdateItemRequest.Builder request = UpdateItemRequest.builder().tableName(table)
                .key(key(roomId))
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
        db.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(key(roomId))
                .updateExpression("ADD " + BANS + " :bans")
                .conditionExpression(EXISTS + " AND " + LIVE)
                .expressionAttributeValues(Map.of(":bans", AttributeValue.fromSs(List.copyOf(bans))))
                .build());
    }

    /** Lets these back through the public join (entries of {@link #addBans}). */
    public void removeBans(String roomId, Set<String> bans) {
        if (bans.isEmpty()) {
            return;
        }
        db.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(key(roomId))
                .updateExpression("DELETE " + BANS + " :bans")
                .conditionExpression(EXISTS + " AND " + LIVE)
                .expressionAttributeValues(Map.of(":bans", AttributeValue.fromSs(List.copyOf(bans))))
                .build());
    }

    /** Ids of rooms whose deletion began before {@code beforeMillis} and has not finished, oldest first. */
    public List<String> listDeleting(long beforeMillis) {
        // A Scan of the sparse index (only rooms being deleted are in it) reads what a Query of
        // its one partition would, and the sweeper, the only caller, scans anyway: its cold start
        // loads no Query classes for a list that is almost always empty.
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Pages.scan(db, ScanRequest.builder().tableName(table).indexName(Tables.ROOMS_DELETING)
                        .filterExpression(DELETING_AT + " < :before")
                        .expressionAttributeValues(Map.of(":before", n(beforeMillis)))
                        .projectionExpression(ROOM_ID + ", " + DELETING_AT)
                        .build(),
                items::add);
        items.sort((a, b) -> Long.compare(num(a, DELETING_AT, 0), num(b, DELETING_AT, 0)));
        List<String> ids = new ArrayList<>(items.size());
        items.forEach(item -> ids.add(str(item, ROOM_ID)));
        return ids;
    }

    /** Removes the item of a room whose deletion has deleted everything else; a no-op if it is gone already. */
    public void removeDeleted(String roomId) {
        try {
            db.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(roomId))
                    .conditionExpression("attribute_exists(" + DELETING_AT + ")").build());
        } catch (ConditionalCheckFailedException e) {
            // Gone already (another delete finished first); a live room is never removed here.
        }
    }

    /** Public rooms whose name contains {@code query} (all when blank), by name. */
    public List<Room> listPublic(String query, int limit) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(Tables.ROOMS_PUBLIC)
                .keyConditionExpression(PUBLIC_PK + " = :p");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":p", s(PUBLIC));
        if (query != null && !query.isBlank()) {
            request.filterExpression("contains(" + NAME_SEARCH + ", :q)");
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

    /** The step that stores a new room (see {@link Transactions#createRoom}). */
    TransactWriteItem putStep(Room room) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(room))
                .conditionExpression("attribute_not_exists(" + ROOM_ID + ")").build()).build();
    }

    /** The step that counts one more key, while the live room has a free key slot. */
    TransactWriteItem countKeyStep(String roomId, int maxKeysPerRoom) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(roomId))
                .updateExpression("SET " + KEY_COUNT + " = " + KEY_COUNT + " + :one")
                .conditionExpression(EXISTS + " AND " + LIVE + " AND " + KEY_COUNT + " < :max")
                .expressionAttributeValues(Map.of(":one", n(1), ":max", n(maxKeysPerRoom)))
                .build()).build();
    }

    /** The step that marks a live room as being deleted and takes it out of the public listing. */
    TransactWriteItem markDeletingStep(String roomId, long nowMillis) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(roomId))
                .updateExpression("SET " + DELETING_AT + " = :now, " + DELETING_PK + " = :deleting"
                        + " REMOVE " + PUBLIC_PK)
                .conditionExpression(EXISTS + " AND " + LIVE)
                .expressionAttributeValues(Map.of(":now", n(nowMillis), ":deleting", s(DELETING)))
                .build()).build();
    }

    /**
     * The step that advances the room's counter from {@code head} to {@code seq}/{@code ts}, with
     * the guard's clauses; it fails if another append moved the counter or the room is being deleted.
     */
    TransactWriteItem advanceHeadStep(String roomId, Head head, long seq, long ts, RoomGuard guard) {
        Map<String, AttributeValue> values = new HashMap<>(guard.values());
        values.put(":seq", n(seq));
        values.put(":ts", n(ts));
        values.put(":prev", n(head.lastSeq()));
        // The condition, not only the read before it, refuses a room marked for deletion meanwhile.
        String condition = LAST_SEQ + " = :prev AND " + LIVE
                + (guard.condition().isEmpty() ? "" : " AND " + guard.condition());
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(roomId))
                .updateExpression("SET " + LAST_SEQ + " = :seq, " + LAST_TS + " = :ts" + guard.set()
                        + (guard.remove().isEmpty() ? "" : " REMOVE " + guard.remove()))
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .build()).build();
    }

    private static Map<String, AttributeValue> key(String roomId) {
        return Map.of(ROOM_ID, s(roomId));
    }

    static Map<String, AttributeValue> toItem(Room room) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ROOM_ID, s(room.id()));
        item.put(NAME, s(room.name()));
        item.put(NAME_LC, s(room.name().toLowerCase(Locale.ROOT)));
        item.put(NAME_SEARCH, s(room.name().toLowerCase(Locale.ROOT)));
        putIfPresent(item, DESCRIPTION, room.description());
        item.put(TYPE, s(room.type().wire()));
        item.put(MAX_MEMBERS, n(room.maxMembers()));
        item.put(OWNER_ID, s(room.ownerId()));
        item.put(CREATED_AT, s(room.createdAt()));
        item.put(LAST_SEQ, n(room.lastSeq()));
        item.put(LAST_TS, n(room.lastTsMillis()));
        item.put(MEMBER_COUNT, n(room.memberCount()));
        item.put(KEY_COUNT, n(room.keyCount()));
        putIfPresent(item, ROOM_KEY_HASH, room.roomKeyHash());
        item.put(TURN_BUDGET, n(room.guard().budget()));
        item.put(TURNS_USED, n(room.guard().used()));
        if (room.guard().pausedAtMillis() > 0) {
            item.put(PAUSED_AT, n(room.guard().pausedAtMillis()));
        }
        if (room.isPublic()) {
            item.put(PUBLIC_PK, s(PUBLIC));
        }
        return item;
    }

    static Room fromItem(Map<String, AttributeValue> item) {
        return new Room(
                str(item, ROOM_ID),
                str(item, NAME),
                str(item, DESCRIPTION),
                RoomType.fromWire(str(item, TYPE)),
                (int) num(item, MAX_MEMBERS, 0),
                str(item, OWNER_ID),
                str(item, CREATED_AT),
                num(item, LAST_SEQ, 0),
                num(item, LAST_TS, 0),
                (int) num(item, MEMBER_COUNT, 0),
                (int) num(item, KEY_COUNT, 0),
                str(item, ROOM_KEY_HASH),
                item.containsKey(BANS) ? Set.copyOf(item.get(BANS).ss()) : Set.of(),
                guard(item),
                num(item, ARCHIVED_AT, 0),
                (int) num(item, RETENTION_DAYS, 0));
    }

    /** A room stored before the guard existed has no budget: it stays unguarded (0 = off) until patched. */
    private static Guard guard(Map<String, AttributeValue> item) {
        return new Guard((int) num(item, TURN_BUDGET, 0), (int) num(item, TURNS_USED, 0), num(item, PAUSED_AT, 0));
    }
}
