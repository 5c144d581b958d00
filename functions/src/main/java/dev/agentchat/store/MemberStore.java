package dev.agentchat.store;

import static dev.agentchat.store.Items.bool;
import static dev.agentchat.store.Items.flag;
import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.putIfPresent;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.Member;
import dev.agentchat.model.NameSource;
import dev.agentchat.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Invite keys and the agents that claimed them (one item each, see {@link Tables#KEYS}). */
public final class MemberStore {
    /** Why an invite could not be stored. */
    public enum InviteOutcome { CREATED, KEY_LIMIT_REACHED, NO_SUCH_ROOM }

    private static final String USABLE = "attribute_exists(key_hash) AND revoked = :false";

    private final DynamoDbClient db;
    private final TableNames tables;

    public MemberStore(DynamoDbClient db, TableNames tables) {
        this.db = db;
        this.tables = tables;
    }

    public Optional<Member> find(String keyHash) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(tables.keys()).key(Map.of("key_hash", s(keyHash))).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Every key of a room (at most the per-room key limit), in key id order. */
    public List<Member> listByRoom(String roomId) {
        List<Member> members = new ArrayList<>();
        // The SDK's paginator follows LastEvaluatedKey until the index is exhausted.
        db.queryPaginator(QueryRequest.builder()
                .tableName(tables.keys())
                .indexName(Tables.KEYS_BY_ROOM)
                .keyConditionExpression("room_id = :r")
                .expressionAttributeValues(Map.of(":r", s(roomId)))
                .build()).items().forEach(item -> members.add(fromItem(item)));
        return members;
    }

    /** Stores a new key, counting it against the room's key limit, all or nothing. */
    public InviteOutcome createInvite(Member key, int maxKeysPerRoom) {
        Update countKey = Update.builder()
                .tableName(tables.rooms())
                .key(Map.of("room_id", s(key.roomId())))
                .updateExpression("SET " + RoomStore.KEY_COUNT + " = " + RoomStore.KEY_COUNT + " + :one")
                .conditionExpression("attribute_exists(room_id) AND " + RoomStore.LIVE + " AND "
                        + RoomStore.KEY_COUNT + " < :max")
                .expressionAttributeValues(Map.of(":one", n(1), ":max", n(maxKeysPerRoom)))
                .build();
        Put putKey = Put.builder().tableName(tables.keys()).item(toItem(key))
                .conditionExpression("attribute_not_exists(key_hash)").build();
        try {
            Conditions.write(db, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().update(countKey).build(),
                    TransactWriteItem.builder().put(putKey).build()).build());
            return InviteOutcome.CREATED;
        } catch (TransactionCanceledException e) {
            if (Conditions.failedAt(e, 0)) {
                Map<String, AttributeValue> room = db.getItem(GetItemRequest.builder().tableName(tables.rooms())
                        .key(Map.of("room_id", s(key.roomId()))).consistentRead(true).build()).item();
                return room == null || room.isEmpty() || room.containsKey(RoomStore.DELETING_AT)
                        ? InviteOutcome.NO_SUCH_ROOM : InviteOutcome.KEY_LIMIT_REACHED;
            }
            throw e;
        }
    }

    /**
     * The transaction step that turns an unclaimed, unrevoked key into an agent; it fails if
     * another request claimed the key first or the key was revoked.
     */
    public TransactWriteItem claimStep(Member claimed, long nowMillis, ConnectionType connectionType) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":agent", s(claimed.agentId()));
        values.put(":at", s(claimed.claimedAt()));
        values.put(":name", s(claimed.name()));
        values.put(":source", s(claimed.nameSource().wire()));
        values.put(":seen", n(nowMillis));
        values.put(":conn", s(connectionType.wire()));
        values.put(":false", bool(false));
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.keys())
                .key(Map.of("key_hash", s(claimed.keyHash())))
                .updateExpression("SET agent_id = :agent, claimed_at = :at, #name = :name, name_source = :source, "
                        + "last_seen = :seen, conn_type = :conn")
                .conditionExpression(USABLE + " AND attribute_not_exists(agent_id)")
                .expressionAttributeNames(Map.of("#name", "name"))
                .expressionAttributeValues(values)
                .build()).build();
    }

    /**
     * The transaction step a sent message makes on its sender's key: it proves the key is still
     * usable at the moment of writing, records activity, and settles the agent's name from its
     * first message when nothing better named it.
     *
     * @param introName the name found in the first message, or null
     * @param rest      whether the message came over REST (then it also counts as presence)
     */
    public TransactWriteItem senderStep(Member sender, long nowMillis, String introName, boolean rest) {
        StringBuilder update = new StringBuilder("SET intro_checked = :true");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":true", bool(true));
        values.put(":false", bool(false));
        values.put(":agent", s(sender.agentId()));
        Map<String, String> names = new HashMap<>();
        if (introName != null) {
            update.append(", #name = :name, name_source = :intro");
            values.put(":name", s(introName));
            values.put(":intro", s(NameSource.INTRO.wire()));
            names.put("#name", "name");
        }
        if (rest) {
            update.append(", last_seen = :seen");
            values.put(":seen", n(nowMillis));
        }
        if (rest && sender.connectionId() == null) {
            update.append(", conn_type = :rest");
            values.put(":rest", s(ConnectionType.REST.wire()));
        }
        Update.Builder step = Update.builder()
                .tableName(tables.keys())
                .key(Map.of("key_hash", s(sender.keyHash())))
                .updateExpression(update.toString())
                .conditionExpression(USABLE + " AND agent_id = :agent")
                .expressionAttributeValues(values);
        if (!names.isEmpty()) {
            step.expressionAttributeNames(names);
        }
        return TransactWriteItem.builder().update(step.build()).build();
    }

    /**
     * Records REST activity (presence), and a self-chosen name if given; false if the key is no
     * longer usable. An agent with a live socket stays "websocket" even when it also calls REST.
     */
    public boolean touch(String keyHash, long nowMillis, String selfName, boolean hasSocket) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":seen", n(nowMillis));
        values.put(":rest", s(ConnectionType.REST.wire()));
        values.put(":false", bool(false));
        StringBuilder update = new StringBuilder("SET last_seen = :seen");
        if (!hasSocket) {
            update.append(", conn_type = :rest");
        } else {
            values.remove(":rest");
        }
        UpdateItemRequest.Builder request = UpdateItemRequest.builder().tableName(tables.keys())
                .key(Map.of("key_hash", s(keyHash)));
        if (selfName != null) {
            update.append(", #name = :name, name_source = :self");
            values.put(":name", s(selfName));
            values.put(":self", s(NameSource.SELF.wire()));
            request.expressionAttributeNames(Map.of("#name", "name"));
        }
        try {
            db.updateItem(request.updateExpression(update.toString())
                    .conditionExpression(USABLE + " AND attribute_exists(agent_id)")
                    .expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Makes {@code connectionId} the agent's one live connection.
     *
     * @return the connection it replaces (to be closed), or null; empty if the key is not usable
     */
    public Optional<String> attachConnection(String keyHash, String connectionId, long nowMillis) {
        try {
            Map<String, AttributeValue> old = db.updateItem(UpdateItemRequest.builder().tableName(tables.keys())
                    .key(Map.of("key_hash", s(keyHash)))
                    .updateExpression("SET conn_id = :conn, conn_type = :ws, last_seen = :now")
                    .conditionExpression(USABLE + " AND attribute_exists(agent_id)")
                    .expressionAttributeValues(Map.of(":conn", s(connectionId), ":ws", s(ConnectionType.WEBSOCKET.wire()),
                            ":now", n(nowMillis), ":false", bool(false)))
                    .returnValues(ReturnValue.UPDATED_OLD)
                    .build()).attributes();
            String previous = old == null ? null : str(old, "conn_id");
            return Optional.of(previous == null || previous.equals(connectionId) ? "" : previous);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Sets the name an agent chose for itself (only called when its invite has no label). */
    public void rename(String keyHash, String name) {
        db.updateItem(UpdateItemRequest.builder().tableName(tables.keys())
                .key(Map.of("key_hash", s(keyHash)))
                .updateExpression("SET #name = :name, name_source = :self")
                .conditionExpression("attribute_exists(key_hash)")
                .expressionAttributeNames(Map.of("#name", "name"))
                .expressionAttributeValues(Map.of(":name", s(name), ":self", s(NameSource.SELF.wire())))
                .build());
    }

    /** The step that marks an agent present again (written with its join event). */
    public TransactWriteItem presentStep(String keyHash) {
        return TransactWriteItem.builder().update(Update.builder().tableName(tables.keys())
                .key(Map.of("key_hash", s(keyHash)))
                .updateExpression("SET #left = :false")
                .conditionExpression("attribute_exists(agent_id)")
                .expressionAttributeNames(Map.of("#left", "left"))
                .expressionAttributeValues(Map.of(":false", bool(false)))
                .build()).build();
    }

    /**
     * The step that marks an agent gone (written with its leave event). With a connection id it
     * holds only while that connection is still the agent's current one, so a replaced socket
     * closing late does not announce a leave; without one, only while the agent stayed silent
     * since {@code lastSeenMillis} and holds no connection.
     */
    public TransactWriteItem leftStep(String keyHash, String connectionId, long lastSeenMillis) {
        Update.Builder update = Update.builder().tableName(tables.keys())
                .key(Map.of("key_hash", s(keyHash)))
                .expressionAttributeNames(Map.of("#left", "left"));
        if (connectionId != null) {
            update.updateExpression("SET #left = :true REMOVE conn_id")
                    .conditionExpression("conn_id = :conn")
                    .expressionAttributeValues(Map.of(":true", bool(true), ":conn", s(connectionId)));
        } else {
            update.updateExpression("SET #left = :true")
                    .conditionExpression("attribute_not_exists(conn_id) AND last_seen = :seen AND #left = :false")
                    .expressionAttributeValues(Map.of(":true", bool(true), ":false", bool(false),
                            ":seen", n(lastSeenMillis)));
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    /** Claimed agents with no connection that have been silent since before the cutoff and not yet marked gone. */
    public List<Member> listSilent(long cutoffMillis) {
        List<Member> silent = new ArrayList<>();
        db.scanPaginator(ScanRequest.builder().tableName(tables.keys())
                        .filterExpression("attribute_exists(agent_id) AND attribute_not_exists(conn_id) "
                                + "AND #left = :false AND last_seen < :cutoff")
                        .expressionAttributeNames(Map.of("#left", "left"))
                        .expressionAttributeValues(Map.of(":false", bool(false), ":cutoff", n(cutoffMillis)))
                        .build())
                .items().forEach(item -> silent.add(fromItem(item)));
        return silent;
    }

    /** The key with this public id in the room, if any. */
    public Optional<Member> findByKeyId(String roomId, String keyId) {
        return db.query(QueryRequest.builder().tableName(tables.keys()).indexName(Tables.KEYS_BY_ROOM)
                        .keyConditionExpression("room_id = :r AND key_id = :k")
                        .expressionAttributeValues(Map.of(":r", s(roomId), ":k", s(keyId))).build())
                .items().stream().findFirst().map(MemberStore::fromItem);
    }

    /**
     * The step that revokes a key (written with the system event that says so); it holds only
     * if the key was not revoked already.
     */
    public TransactWriteItem revokeStep(String keyHash, String reason, long nowMillis) {
        return TransactWriteItem.builder().update(Update.builder().tableName(tables.keys())
                .key(Map.of("key_hash", s(keyHash)))
                .updateExpression("SET revoked = :true, revoked_reason = :reason, revoked_at = :now")
                .conditionExpression(USABLE)
                .expressionAttributeValues(Map.of(":true", bool(true), ":false", bool(false),
                        ":reason", s(reason), ":now", n(nowMillis)))
                .build()).build();
    }

    /** The step that stores a new key (written together with what it implies, e.g. its join). */
    public TransactWriteItem putStep(Member key) {
        return TransactWriteItem.builder().put(Put.builder().tableName(tables.keys()).item(toItem(key))
                .conditionExpression("attribute_not_exists(key_hash)").build()).build();
    }

    /** Deletes the given keys (a deleted room's). */
    public void deleteAll(List<Member> keys) {
        Batches.deleteKeys(db, tables.keys(), keys.stream()
                .map(m -> Map.of("key_hash", s(m.keyHash()))).toList());
    }

    static Map<String, AttributeValue> toItem(Member m) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("key_hash", s(m.keyHash()));
        item.put("key_id", s(m.keyId()));
        item.put("room_id", s(m.roomId()));
        item.put("role", s(m.role().wire()));
        putIfPresent(item, "label", m.label());
        item.put("created_at", s(m.createdAt()));
        item.put("revoked", bool(m.revoked()));
        putIfPresent(item, "agent_id", m.agentId());
        putIfPresent(item, "claimed_at", m.claimedAt());
        putIfPresent(item, "name", m.name());
        if (m.nameSource() != null) {
            item.put("name_source", s(m.nameSource().wire()));
        }
        item.put("last_seen", n(m.lastSeenMillis()));
        if (m.connectionType() != null) {
            item.put("conn_type", s(m.connectionType().wire()));
        }
        item.put("intro_checked", bool(m.introChecked()));
        putIfPresent(item, "conn_id", m.connectionId());
        item.put("left", bool(m.left()));
        putIfPresent(item, "origin_ip", m.originIp());
        return item;
    }

    static Member fromItem(Map<String, AttributeValue> item) {
        return new Member(
                str(item, "key_hash"),
                str(item, "key_id"),
                str(item, "room_id"),
                Role.fromWire(str(item, "role")),
                str(item, "label"),
                str(item, "created_at"),
                flag(item, "revoked"),
                str(item, "agent_id"),
                str(item, "claimed_at"),
                str(item, "name"),
                NameSource.fromWire(str(item, "name_source")),
                num(item, "last_seen", 0),
                ConnectionType.fromWire(str(item, "conn_type")),
                flag(item, "intro_checked"),
                str(item, "conn_id"),
                flag(item, "left"),
                str(item, "origin_ip"));
    }
}
