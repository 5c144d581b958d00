package dev.agentchat.store;

import static dev.agentchat.store.Items.bool;
import static dev.agentchat.store.Items.flag;
import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.putIfPresent;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.Ban;
import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.Member;
import dev.agentchat.model.NameSource;
import dev.agentchat.model.Principal;
import dev.agentchat.model.Role;
import dev.agentchat.model.SendToken;
import dev.agentchat.model.SenderKind;
import dev.agentchat.model.Webhook;
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
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Invite keys and the agents that claimed them (one item each, see {@link Tables#KEYS}). */
public final class MemberStore {
    static final String KEY_HASH = "key_hash";
    static final String KEY_ID = "key_id";
    static final String ROOM_ID = "room_id";
    static final String ROLE = "role";
    static final String LABEL = "label";
    static final String CREATED_AT = "created_at";
    static final String REVOKED = "revoked";
    static final String REVOKED_REASON = "revoked_reason";
    static final String REVOKED_AT = "revoked_at";
    /** Who banned the key: sender kind (agent, human), id and name at the time. */
    static final String BANNED_BY_KIND = "banned_by_kind";
    static final String BANNED_BY_ID = "banned_by_id";
    static final String BANNED_BY_NAME = "banned_by_name";
    /** The revoked reason of a ban in force, and of one lifted (the key stays revoked). */
    static final String BANNED = "banned";
    static final String UNBANNED = "unbanned";
    static final String AGENT_ID = "agent_id";
    static final String CLAIMED_AT = "claimed_at";
    /** A reserved word in expressions: written as {@code #name}. */
    static final String NAME = "name";
    static final String NAME_SOURCE = "name_source";
    static final String LAST_SEEN = "last_seen";
    static final String CONN_TYPE = "conn_type";
    static final String INTRO_CHECKED = "intro_checked";
    static final String CONN_ID = "conn_id";
    /** A reserved word in expressions: written as {@code #left}. */
    static final String LEFT = "left";
    /** The agent's send limit: its GCRA cell's theoretical arrival time, epoch millis (see {@link #senderStep}). */
    static final String SEND_TAT = "send_tat";
    static final String ORIGIN_IP = "origin_ip";
    /** The vouching human's user id; with {@link #PRINCIPAL_NAME}, both or neither. */
    public static final String PRINCIPAL_ID = "principal_id";
    /** The agent's webhook (SPEC §13): URL, which events, signing secret, state and last result. */
    static final String WH_URL = "wh_url";
    static final String WH_EVENTS = "wh_events";
    static final String WH_SECRET = "wh_secret";
    static final String WH_DISABLED = "wh_disabled";
    static final String WH_FAILURES = "wh_failures";
    static final String WH_LAST_AT = "wh_last_at";
    static final String WH_LAST_OK = "wh_last_ok";
    static final String WH_LAST_STATUS = "wh_last_status";
    static final String WH_LAST_LATENCY = "wh_last_latency";
    static final String WH_LAST_ERROR = "wh_last_error";
    static final String WH_SET_AT = "wh_set_at";
    /** The vouching human's name, copied so that a read of the key needs no user lookup. */
    public static final String PRINCIPAL_NAME = "principal_name";

    private static final Map<String, String> NAME_ALIAS = Map.of("#name", NAME);
    private static final Map<String, String> LEFT_ALIAS = Map.of("#left", LEFT);
    /** The key exists and is not revoked (with {@code :false} bound to false). */
    private static final String USABLE = "attribute_exists(" + KEY_HASH + ") AND " + REVOKED + " = :false";
    private static final String CLAIMED = "attribute_exists(" + AGENT_ID + ")";

    private final DynamoDbClient db;
    private final String table;

    public MemberStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public Optional<Member> find(String keyHash) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(table).key(key(keyHash)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Every key of a room (at most the per-room key limit), in key id order. */
    public List<Member> listByRoom(String roomId) {
        List<Member> members = new ArrayList<>();
        Pages.query(db, QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.KEYS_BY_ROOM)
                .keyConditionExpression(ROOM_ID + " = :r")
                .expressionAttributeValues(Map.of(":r", s(roomId)))
                .build(), item -> members.add(fromItem(item)));
        return members;
    }

    /** The room's banned agents (keys revoked by a ban that was not lifted), in no particular order. */
    public List<Ban> listBanned(String roomId) {
        List<Ban> bans = new ArrayList<>();
        db.queryPaginator(QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.KEYS_BY_ROOM)
                .keyConditionExpression(ROOM_ID + " = :r")
                .filterExpression(REVOKED_REASON + " = :banned")
                .expressionAttributeValues(Map.of(":r", s(roomId), ":banned", s(BANNED)))
                .build()).items().forEach(item -> bans.add(new Ban(str(item, KEY_HASH), str(item, KEY_ID),
                        str(item, AGENT_ID), str(item, NAME), str(item, LABEL), num(item, REVOKED_AT, 0),
                        str(item, ORIGIN_IP), bannedBy(item))));
        return bans;
    }

    /** The key with this public id in the room, if any. */
    public Optional<Member> findByKeyId(String roomId, String keyId) {
        return db.query(QueryRequest.builder().tableName(table).indexName(Tables.KEYS_BY_ROOM)
                        .keyConditionExpression(ROOM_ID + " = :r AND " + KEY_ID + " = :k")
                        .expressionAttributeValues(Map.of(":r", s(roomId), ":k", s(keyId))).build())
                .items().stream().findFirst().map(MemberStore::fromItem);
    }

    /** Claimed agents with no connection that have been silent since before the cutoff and not yet marked gone. */
    public List<Member> listSilent(long cutoffMillis) {
        List<Member> silent = new ArrayList<>();
        Pages.scan(db, ScanRequest.builder().tableName(table)
                        // A removed agent's departure was its removal: it never times out as well.
                        .filterExpression(CLAIMED + " AND attribute_not_exists(" + CONN_ID + ") "
                                + "AND #left = :false AND " + REVOKED + " = :false AND " + LAST_SEEN + " < :cutoff")
                        .expressionAttributeNames(LEFT_ALIAS)
                        .expressionAttributeValues(Map.of(":false", bool(false), ":cutoff", n(cutoffMillis)))
                        .build(),
                item -> silent.add(fromItem(item)));
        return silent;
    }

    /**
     * Records REST activity (presence), and a self-chosen name if given; false if the key is no
     * longer usable. An agent with a live socket stays a WebSocket agent even when it also calls REST.
     */
    public boolean touch(String keyHash, long nowMillis, String selfName, boolean hasSocket) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":seen", n(nowMillis));
        values.put(":false", bool(false));
        StringBuilder update = new StringBuilder("SET " + LAST_SEEN + " = :seen");
        if (!hasSocket) {
            update.append(", " + CONN_TYPE + " = :rest");
            values.put(":rest", s(ConnectionType.REST.wire()));
        }
        UpdateItemRequest.Builder request = UpdateItemRequest.builder().tableName(table).key(key(keyHash));
        if (selfName != null) {
            update.append(", #name = :name, " + NAME_SOURCE + " = :self");
            values.put(":name", s(selfName));
            values.put(":self", s(NameSource.SELF.wire()));
            request.expressionAttributeNames(NAME_ALIAS);
        }
        try {
            db.updateItem(request.updateExpression(update.toString())
                    .conditionExpression(USABLE + " AND " + CLAIMED)
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
            Map<String, AttributeValue> old = db.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(key(keyHash))
                    .updateExpression("SET " + CONN_ID + " = :conn, " + CONN_TYPE + " = :ws, " + LAST_SEEN + " = :now")
                    .conditionExpression(USABLE + " AND " + CLAIMED)
                    .expressionAttributeValues(Map.of(":conn", s(connectionId), ":ws", s(ConnectionType.WEBSOCKET.wire()),
                            ":now", n(nowMillis), ":false", bool(false)))
                    .returnValues(ReturnValue.UPDATED_OLD)
                    .build()).attributes();
            String previous = old == null ? null : str(old, CONN_ID);
            return Optional.of(previous == null || previous.equals(connectionId) ? "" : previous);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** The step that gives a usable agent a new name (written with the system note that says so). */
    TransactWriteItem renameStep(String keyHash, String name, NameSource source) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(keyHash))
                .updateExpression("SET #name = :name, " + NAME_SOURCE + " = :source")
                .conditionExpression(USABLE + " AND " + CLAIMED)
                .expressionAttributeNames(NAME_ALIAS)
                .expressionAttributeValues(Map.of(":name", s(name), ":source", s(source.wire()), ":false", bool(false)))
                .build()).build();
    }

    /**
     * Makes {@code principal} the human who vouches for the key (e.g. whoever accepted its human
     * link); false if the key is gone or revoked.
     */
    public boolean setPrincipal(String keyHash, Principal principal) {
        try {
            db.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(key(keyHash))
                    .updateExpression("SET " + PRINCIPAL_ID + " = :pid, " + PRINCIPAL_NAME + " = :pname")
                    .conditionExpression(USABLE)
                    .expressionAttributeValues(Map.of(":pid", s(principal.userId()), ":pname", s(principal.name()),
                            ":false", bool(false)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Sets the agent's webhook, replacing any earlier one (its secret, failure count and last
     * result go with it); false if the key is no longer usable.
     */
    public boolean setWebhook(String keyHash, String url, Webhook.WakeEvents events, String secret, long nowMillis) {
        try {
            db.updateItem(UpdateItemRequest.builder().tableName(table).key(key(keyHash))
                    .updateExpression("SET " + WH_URL + " = :url, " + WH_EVENTS + " = :events, " + WH_SECRET
                            + " = :secret, " + WH_DISABLED + " = :false, " + WH_FAILURES + " = :zero, " + WH_SET_AT
                            + " = :now REMOVE "
                            + WH_LAST_AT + ", " + WH_LAST_OK + ", " + WH_LAST_STATUS + ", " + WH_LAST_LATENCY + ", "
                            + WH_LAST_ERROR)
                    .conditionExpression(USABLE + " AND " + CLAIMED)
                    .expressionAttributeValues(Map.of(":url", s(url), ":events", s(events.wire()),
                            ":secret", s(secret), ":false", bool(false), ":zero", n(0), ":now", n(nowMillis)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Removes the agent's webhook; false if it had none. */
    public boolean removeWebhook(String keyHash) {
        try {
            db.updateItem(UpdateItemRequest.builder().tableName(table).key(key(keyHash))
                    .updateExpression("REMOVE " + WH_URL + ", " + WH_EVENTS + ", " + WH_SECRET + ", " + WH_DISABLED
                            + ", " + WH_FAILURES + ", " + WH_LAST_AT + ", " + WH_LAST_OK + ", " + WH_LAST_STATUS + ", "
                            + WH_LAST_LATENCY + ", " + WH_LAST_ERROR + ", " + WH_SET_AT)
                    .conditionExpression("attribute_exists(" + WH_URL + ")")
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Records a delivery's result on the webhook signed with {@code secret} (not on one set since).
     * With {@code counts}, a failure adds to the consecutive failures and a success resets them;
     * reaching {@code maxFailures} disables the webhook.
     *
     * @return true if this very result disabled the webhook (so its note is written once)
     */
    public boolean recordDelivery(String keyHash, String secret, Webhook.Delivery result, boolean counts,
                                  int maxFailures) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":secret", s(secret));
        values.put(":at", s(result.at()));
        values.put(":ok", bool(result.ok()));
        values.put(":status", n(result.status()));
        values.put(":latency", n(result.latencyMillis()));
        StringBuilder update = new StringBuilder("SET " + WH_LAST_AT + " = :at, " + WH_LAST_OK + " = :ok, "
                + WH_LAST_STATUS + " = :status, " + WH_LAST_LATENCY + " = :latency");
        if (counts) {
            if (result.ok()) {
                update.append(", " + WH_FAILURES + " = :zero");
                values.put(":zero", n(0));
            } else {
                update.append(", " + WH_FAILURES + " = if_not_exists(" + WH_FAILURES + ", :zero) + :one");
                values.put(":zero", n(0));
                values.put(":one", n(1));
            }
        }
        if (result.error() != null) {
            update.append(", " + WH_LAST_ERROR + " = :error");
            values.put(":error", s(result.error()));
        }
        String expression = result.error() == null ? update + " REMOVE " + WH_LAST_ERROR : update.toString();
        try {
            Map<String, AttributeValue> after = db.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(key(keyHash))
                    .updateExpression(expression)
                    .conditionExpression(WH_SECRET + " = :secret")
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .build()).attributes();
            if (!counts || result.ok() || num(after, WH_FAILURES, 0) < maxFailures || flag(after, WH_DISABLED)) {
                return false;
            }
            db.updateItem(UpdateItemRequest.builder().tableName(table).key(key(keyHash))
                    .updateExpression("SET " + WH_DISABLED + " = :true")
                    .conditionExpression(WH_SECRET + " = :secret AND " + WH_DISABLED + " = :false")
                    .expressionAttributeValues(Map.of(":secret", s(secret), ":true", bool(true), ":false", bool(false)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            // The webhook was replaced or removed meanwhile (or another delivery disabled it first).
            return false;
        }
    }

    /** Deletes the given keys (a deleted room's). */
    public void deleteAll(List<Member> keys) {
        Batches.deleteKeys(db, table, keys.stream().map(m -> key(m.keyHash())).toList());
    }

    /** The step that stores a new key (written together with what it implies, e.g. its join). */
    TransactWriteItem putStep(Member key) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(key))
                .conditionExpression("attribute_not_exists(" + KEY_HASH + ")").build()).build();
    }

    /**
     * The step that turns an unclaimed, unrevoked key into an agent; it fails if another request
     * claimed the key first or the key was revoked.
     */
    TransactWriteItem claimStep(Member claimed, long nowMillis, ConnectionType connectionType) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":agent", s(claimed.agentId()));
        values.put(":at", s(claimed.claimedAt()));
        values.put(":name", s(claimed.name()));
        values.put(":source", s(claimed.nameSource().wire()));
        values.put(":seen", n(nowMillis));
        values.put(":conn", s(connectionType.wire()));
        values.put(":false", bool(false));
        String update = "SET " + AGENT_ID + " = :agent, " + CLAIMED_AT + " = :at, #name = :name, "
                + NAME_SOURCE + " = :source, " + LAST_SEEN + " = :seen, " + CONN_TYPE + " = :conn";
        if (claimed.connectionId() != null) {
            // A socket that claims the key is attached in the same write (as attachConnection would).
            update += ", " + CONN_ID + " = :socket";
            values.put(":socket", s(claimed.connectionId()));
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(claimed.keyHash()))
                .updateExpression(update)
                .conditionExpression(USABLE + " AND attribute_not_exists(" + AGENT_ID + ")")
                .expressionAttributeNames(NAME_ALIAS)
                .expressionAttributeValues(values)
                .build()).build();
    }

    /**
     * The step a sent message makes on its sender's key: it proves the key is still usable at the
     * moment of writing, records activity, and settles the agent's name from its first message
     * when nothing better named it.
     *
     * @param introName the name found in the first message, or null
     * @param rest      whether the message came over REST (then it also counts as presence)
     * @param token     if not null, the step also spends the agent's send token on the key's
     *                  {@code send_tat}, so the rate limit costs no call of its own. The write is
     *                  commutative where it can be: a cell already at or past the token's moment
     *                  grows by one interval on condition it is still within the burst (so sends
     *                  of one agent racing on one read each spend their own token, and none needs
     *                  a retry while the burst lasts); an idle or absent cell is set to one
     *                  interval from now on condition it is still idle (of two racing, one retries
     *                  and then adds).
     */
    TransactWriteItem senderStep(Member sender, long nowMillis, String introName, boolean rest, SendToken token) {
        StringBuilder update = new StringBuilder("SET " + INTRO_CHECKED + " = :true");
        StringBuilder condition = new StringBuilder(USABLE + " AND " + AGENT_ID + " = :agent");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":true", bool(true));
        values.put(":false", bool(false));
        values.put(":agent", s(sender.agentId()));
        if (introName != null) {
            update.append(", #name = :name, " + NAME_SOURCE + " = :intro");
            values.put(":name", s(introName));
            values.put(":intro", s(NameSource.INTRO.wire()));
        }
        if (rest) {
            update.append(", " + LAST_SEEN + " = :seen");
            values.put(":seen", n(nowMillis));
        }
        if (rest && sender.connectionId() == null) {
            update.append(", " + CONN_TYPE + " = :rest");
            values.put(":rest", s(ConnectionType.REST.wire()));
        }
        if (token != null) {
            values.put(":tatNow", n(token.nowMillis()));
            if (sender.sendTatMillis() >= token.nowMillis()) {
                update.append(", " + SEND_TAT + " = " + SEND_TAT + " + :interval");
                values.put(":interval", n(token.intervalMillis()));
                condition.append(" AND " + SEND_TAT + " BETWEEN :tatNow AND :latestTat");
                values.put(":latestTat", n(token.latestTatMillis()));
            } else {
                update.append(", " + SEND_TAT + " = :tat");
                values.put(":tat", n(token.nowMillis() + token.intervalMillis()));
                condition.append(" AND (attribute_not_exists(" + SEND_TAT + ") OR " + SEND_TAT + " < :tatNow)");
            }
        }
        Update.Builder step = Update.builder()
                .tableName(table)
                .key(key(sender.keyHash()))
                .updateExpression(update.toString())
                .conditionExpression(condition.toString())
                .expressionAttributeValues(values);
        if (introName != null) {
            step.expressionAttributeNames(NAME_ALIAS);
        }
        return TransactWriteItem.builder().update(step.build()).build();
    }

    /**
     * The step that marks an agent present again (written with its join event); it holds only
     * while the agent is marked gone, so two calls racing back after a timeout announce one join.
     */
    TransactWriteItem presentStep(String keyHash) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(keyHash))
                .updateExpression("SET #left = :false")
                .conditionExpression(USABLE + " AND " + CLAIMED + " AND #left = :true")
                .expressionAttributeNames(LEFT_ALIAS)
                .expressionAttributeValues(Map.of(":false", bool(false), ":true", bool(true)))
                .build()).build();
    }

    /**
     * The step that marks an agent gone (written with its leave event). With a connection id it
     * holds only while that connection is still the agent's current one, so a replaced socket
     * closing late does not announce a leave; without one, only while the agent stayed silent
     * since {@code lastSeenMillis} and holds no connection.
     */
    TransactWriteItem leftStep(String keyHash, String connectionId, long lastSeenMillis) {
        Update.Builder update = Update.builder().tableName(table)
                .key(key(keyHash))
                .expressionAttributeNames(LEFT_ALIAS);
        // A removed (revoked) agent already departed with its removal's note: no leave after it.
        if (connectionId != null) {
            update.updateExpression("SET #left = :true REMOVE " + CONN_ID)
                    .conditionExpression(CONN_ID + " = :conn AND " + REVOKED + " = :false")
                    .expressionAttributeValues(Map.of(":true", bool(true), ":false", bool(false),
                            ":conn", s(connectionId)));
        } else {
            update.updateExpression("SET #left = :true")
                    .conditionExpression("attribute_not_exists(" + CONN_ID + ") AND " + LAST_SEEN
                            + " = :seen AND #left = :false AND " + REVOKED + " = :false")
                    .expressionAttributeValues(Map.of(":true", bool(true), ":false", bool(false),
                            ":seen", n(lastSeenMillis)));
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    /**
     * The step that marks an agent gone by its own choice (its leave event is written with it):
     * it holds only while the agent is present with no socket ({@link #leftStep} covers a socket).
     */
    TransactWriteItem leftByChoiceStep(String keyHash) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(keyHash))
                .updateExpression("SET #left = :true")
                .conditionExpression(USABLE + " AND " + CLAIMED + " AND attribute_not_exists(" + CONN_ID
                        + ") AND #left = :false")
                .expressionAttributeNames(LEFT_ALIAS)
                .expressionAttributeValues(Map.of(":true", bool(true), ":false", bool(false)))
                .build()).build();
    }

    /**
     * The step that revokes a key (written with the system event that says so); it holds only
     * if the key was not revoked already.
     */
    TransactWriteItem revokeStep(String keyHash, String reason, long nowMillis) {
        return revokeStep(keyHash, reason, nowMillis, null);
    }

    /** As {@link #revokeStep(String, String, long)}, recording who did it when {@code by} is given (a ban). */
    TransactWriteItem revokeStep(String keyHash, String reason, long nowMillis, Ban.By by) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":true", bool(true), ":false", bool(false),
                ":reason", s(reason), ":now", n(nowMillis)));
        String setBy = "";
        if (by != null) {
            setBy = ", " + BANNED_BY_KIND + " = :byKind, " + BANNED_BY_ID + " = :byId, " + BANNED_BY_NAME + " = :byName";
            values.put(":byKind", s(by.kind().wire()));
            values.put(":byId", s(by.id()));
            values.put(":byName", s(by.name()));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(keyHash))
                // Its removal is its departure: marked gone, and no socket left to time out later.
                .updateExpression("SET " + REVOKED + " = :true, " + REVOKED_REASON + " = :reason, "
                        + REVOKED_AT + " = :now, #left = :true" + setBy + " REMOVE " + CONN_ID)
                .conditionExpression(USABLE)
                .expressionAttributeNames(LEFT_ALIAS)
                .expressionAttributeValues(values)
                .build()).build();
    }

    private static Ban.By bannedBy(Map<String, AttributeValue> item) {
        String id = str(item, BANNED_BY_ID);
        return id == null ? null
                : new Ban.By(SenderKind.fromWire(str(item, BANNED_BY_KIND)), id, str(item, BANNED_BY_NAME));
    }

    /**
     * The step that lifts a ban (written with the system note that says so): the key stays revoked,
     * its reason becomes {@code unbanned}; it holds only while the key is banned.
     */
    TransactWriteItem unbanStep(String keyHash) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(keyHash))
                .updateExpression("SET " + REVOKED_REASON + " = :unbanned")
                .conditionExpression(REVOKED_REASON + " = :banned")
                .expressionAttributeValues(Map.of(":unbanned", s(UNBANNED), ":banned", s(BANNED)))
                .build()).build();
    }

    /**
     * The step that makes a human the key's principal (a {@code for_human} link accepted); it
     * holds only while the key is usable.
     */
    TransactWriteItem principalStep(String keyHash, String userId, String userName) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(keyHash))
                .updateExpression("SET " + PRINCIPAL_ID + " = :pid, " + PRINCIPAL_NAME + " = :pname")
                .conditionExpression(USABLE)
                .expressionAttributeValues(Map.of(":pid", s(userId), ":pname", s(userName), ":false", bool(false)))
                .build()).build();
    }

    private static Map<String, AttributeValue> key(String keyHash) {
        return Map.of(KEY_HASH, s(keyHash));
    }

    static Map<String, AttributeValue> toItem(Member m) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY_HASH, s(m.keyHash()));
        item.put(KEY_ID, s(m.keyId()));
        item.put(ROOM_ID, s(m.roomId()));
        item.put(ROLE, s(m.role().wire()));
        putIfPresent(item, LABEL, m.label());
        item.put(CREATED_AT, s(m.createdAt()));
        item.put(REVOKED, bool(m.revoked()));
        putIfPresent(item, AGENT_ID, m.agentId());
        putIfPresent(item, CLAIMED_AT, m.claimedAt());
        putIfPresent(item, NAME, m.name());
        putIfPresent(item, NAME_SOURCE, m.nameSource() == null ? null : m.nameSource().wire());
        item.put(LAST_SEEN, n(m.lastSeenMillis()));
        putIfPresent(item, CONN_TYPE, m.connectionType() == null ? null : m.connectionType().wire());
        item.put(INTRO_CHECKED, bool(m.introChecked()));
        putIfPresent(item, CONN_ID, m.connectionId());
        item.put(LEFT, bool(m.left()));
        putIfPresent(item, ORIGIN_IP, m.originIp());
        if (m.principal() != null) {
            item.put(PRINCIPAL_ID, s(m.principal().userId()));
            item.put(PRINCIPAL_NAME, s(m.principal().name()));
        }
        return item;
    }

    static Member fromItem(Map<String, AttributeValue> item) {
        return new Member(
                str(item, KEY_HASH),
                str(item, KEY_ID),
                str(item, ROOM_ID),
                Role.fromWire(str(item, ROLE)),
                str(item, LABEL),
                str(item, CREATED_AT),
                flag(item, REVOKED),
                str(item, AGENT_ID),
                str(item, CLAIMED_AT),
                str(item, NAME),
                NameSource.fromWire(str(item, NAME_SOURCE)),
                num(item, LAST_SEEN, 0),
                ConnectionType.fromWire(str(item, CONN_TYPE)),
                flag(item, INTRO_CHECKED),
                str(item, CONN_ID),
                flag(item, LEFT),
                str(item, ORIGIN_IP),
                principal(item),
                webhook(item),
                num(item, SEND_TAT, 0));
    }

    private static Webhook webhook(Map<String, AttributeValue> item) {
        String url = str(item, WH_URL);
        if (url == null) {
            return null;
        }
        Webhook.Delivery last = str(item, WH_LAST_AT) == null ? null : new Webhook.Delivery(str(item, WH_LAST_AT),
                flag(item, WH_LAST_OK), (int) num(item, WH_LAST_STATUS, 0), num(item, WH_LAST_LATENCY, 0),
                str(item, WH_LAST_ERROR));
        Webhook.WakeEvents events = Webhook.WakeEvents.fromWire(str(item, WH_EVENTS));
        return new Webhook(url, events == null ? Webhook.WakeEvents.ALL : events, str(item, WH_SECRET),
                flag(item, WH_DISABLED), (int) num(item, WH_FAILURES, 0), last, num(item, WH_SET_AT, 0));
    }

    private static Principal principal(Map<String, AttributeValue> item) {
        String id = str(item, PRINCIPAL_ID);
        String name = str(item, PRINCIPAL_NAME);
        return id == null || name == null ? null : new Principal(id, name);
    }
}
