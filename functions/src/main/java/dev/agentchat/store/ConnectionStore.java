package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Live WebSocket connections (see {@link Tables#CONNECTIONS}). */
public final class ConnectionStore {
    static final String CONNECTION_ID = "connection_id";
    /** Set once the connection joins or watches a room. */
    static final String ROOM_ID = "room_id";
    static final String KIND = "kind";
    static final String KEY_HASH = "key_hash";
    static final String AGENT_ID = "agent_id";
    static final String CONNECTED_AT = "connected_at";
    static final String JOINED_AT = "joined_at";
    /** When the client was last heard from (the attribute's name is older than its meaning). */
    static final String LAST_PONG = "last_pong";
    /** TTL attribute, epoch seconds. */
    static final String EXPIRES_AT = "expires_at";

    /** API Gateway closes every connection after 2 h; keep records a little longer, then let TTL drop them. */
    private static final long TTL_SECONDS = 2 * 3600 + 600;

    private final DynamoDbClient db;
    private final String table;

    public ConnectionStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /**
     * Records a new socket, not yet bound. Written as an update that sets every attribute of a
     * new row and removes all others, which is the same as putting the row: a cold
     * {@code $connect} that joins at once uses UpdateItem anyway, and a PutItem would load one
     * more operation's SDK classes (~50) on its path.
     */
    public void open(String connectionId, long nowMillis) {
        db.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(Map.of(CONNECTION_ID, s(connectionId)))
                .updateExpression("SET " + CONNECTED_AT + " = :now, " + LAST_PONG + " = :now, "
                        + EXPIRES_AT + " = :expires REMOVE " + String.join(", ", ROOM_ID, KIND, KEY_HASH, AGENT_ID,
                        JOINED_AT))
                .expressionAttributeValues(Map.of(":now", n(nowMillis),
                        ":expires", n(nowMillis / 1000 + TTL_SECONDS)))
                .build());
    }

    /** Binds the connection to a room as an agent or a watcher; false if the connection is gone. */
    public boolean bind(String connectionId, String roomId, String kind, String keyHash, String agentId, long nowMillis) {
        Binding binding = Binding.of(roomId, kind, keyHash, agentId, nowMillis);
        try {
            db.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Map.of(CONNECTION_ID, s(connectionId)))
                    .updateExpression(binding.expression())
                    .conditionExpression("attribute_exists(" + CONNECTION_ID + ")")
                    .expressionAttributeValues(binding.values()).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The same binding, as a step of the transaction in which a socket claims an agent's key (a
     * first join: one write fewer, and one operation fewer on its cold start). Unconditional, so
     * that a socket that closed meanwhile cannot fail the claim: the row it leaves is bound and
     * unheard, so the sweeper's next ping meets 410 and forgets it with the agent's leave (a
     * separate bind would have left the agent attached to a socket no row names).
     */
    TransactWriteItem bindStep(String connectionId, String roomId, String keyHash, String agentId, long nowMillis) {
        Binding binding = Binding.of(roomId, Connection.AGENT, keyHash, agentId, nowMillis);
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(CONNECTION_ID, s(connectionId)))
                .updateExpression(binding.expression())
                .expressionAttributeValues(binding.values()).build()).build();
    }

    /** What binding a socket writes on its row. */
    private record Binding(String expression, Map<String, AttributeValue> values) {
        static Binding of(String roomId, String kind, String keyHash, String agentId, long nowMillis) {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":room", s(roomId));
            values.put(":kind", s(kind));
            values.put(":at", n(nowMillis));
            // A join or watch frame is a sign of life like any other: the write it makes anyway says so.
            StringBuilder update = new StringBuilder("SET " + ROOM_ID + " = :room, " + KIND + " = :kind, "
                    + JOINED_AT + " = :at, " + LAST_PONG + " = :at");
            // An agent's row holds its key digest and agent id; a watcher's only its session digest.
            List<String> removed = new ArrayList<>();
            if (keyHash != null) {
                update.append(", " + KEY_HASH + " = :key");
                values.put(":key", s(keyHash));
            } else {
                removed.add(KEY_HASH);
            }
            if (agentId != null) {
                update.append(", " + AGENT_ID + " = :agent");
                values.put(":agent", s(agentId));
            } else {
                removed.add(AGENT_ID);
            }
            if (!removed.isEmpty()) {
                update.append(" REMOVE ").append(String.join(", ", removed));
            }
            return new Binding(update.toString(), values);
        }
    }

    public Optional<Connection> find(String connectionId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder().tableName(table)
                .key(Map.of(CONNECTION_ID, s(connectionId))).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public List<Connection> listByRoom(String roomId) {
        List<Connection> connections = new ArrayList<>();
        Pages.query(db, QueryRequest.builder().tableName(table).indexName(Tables.CONNECTIONS_BY_ROOM)
                        .keyConditionExpression(ROOM_ID + " = :r")
                        .expressionAttributeValues(Map.of(":r", s(roomId))).build(),
                item -> connections.add(fromItem(item)));
        return connections;
    }

    /** The ids of the sockets bound with {@code digest}: a session's watch sockets, or an agent key's socket. */
    public List<String> idsBoundWith(String digest) {
        List<String> ids = new ArrayList<>();
        Pages.query(db, QueryRequest.builder().tableName(table).indexName(Tables.CONNECTIONS_BY_KEY)
                        .keyConditionExpression(KEY_HASH + " = :k")
                        .expressionAttributeValues(Map.of(":k", s(digest))).build(),
                item -> ids.add(str(item, CONNECTION_ID)));
        return ids;
    }

    /** Every connection (the sweeper's walk; small: one item per open socket). */
    public List<Connection> listAll() {
        List<Connection> connections = new ArrayList<>();
        Pages.scan(db, ScanRequest.builder().tableName(table).build(), item -> connections.add(fromItem(item)));
        return connections;
    }

    /**
     * The client was heard from (a pong, or another frame). A ping writes nothing: the sweeper
     * tells a silent socket by how long ago this was, not by counting the pings it sent.
     */
    public void heard(String connectionId, long nowMillis) {
        update(connectionId, "SET " + LAST_PONG + " = :now", Map.of(":now", n(nowMillis)));
    }

    public void delete(String connectionId) {
        db.deleteItem(DeleteItemRequest.builder().tableName(table).key(Map.of(CONNECTION_ID, s(connectionId))).build());
    }

    private void update(String connectionId, String expression, Map<String, AttributeValue> values) {
        try {
            db.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Map.of(CONNECTION_ID, s(connectionId)))
                    .updateExpression(expression)
                    .conditionExpression("attribute_exists(" + CONNECTION_ID + ")")
                    .expressionAttributeValues(values).build());
        } catch (ConditionalCheckFailedException e) {
            // Closed meanwhile: nothing to record.
        }
    }

    static Connection fromItem(Map<String, AttributeValue> item) {
        return new Connection(
                str(item, CONNECTION_ID),
                str(item, ROOM_ID),
                str(item, KIND),
                str(item, KEY_HASH),
                str(item, AGENT_ID),
                num(item, CONNECTED_AT, 0),
                num(item, JOINED_AT, 0),
                num(item, LAST_PONG, 0));
    }

}
