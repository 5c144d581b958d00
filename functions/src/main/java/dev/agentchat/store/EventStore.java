package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.putIfPresent;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.EventType;
import dev.agentchat.model.Redactions;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.SenderKind;
import dev.agentchat.support.Timestamps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Each room's ordered event log (the {@link Tables#EVENTS} table). Events are written only by
 * {@link Transactions}, each together with the room counter it advances.
 */
public final class EventStore {
    static final String ROOM_ID = "room_id";
    static final String SEQ = "seq";
    static final String ID = "id";
    static final String TS = "ts";
    static final String TYPE = "type";
    static final String AGENT_ID = "agent_id";
    static final String FROM_NAME = "from_name";
    static final String SENDER_KIND = "sender_kind";
    static final String CONTENT = "content";
    static final String REASON = "reason";
    /** A list of ids in the order first mentioned, absent when the event mentions nobody. */
    static final String MENTIONS = "mentions";
    /**
     * TTL attribute (epoch seconds), set on events written while their room has a retention_days
     * setting; DynamoDB deletes them after it (on AWS within about two days of it).
     */
    static final String EXPIRES_AT = "expires_at";

    /** A page of events plus whether more lie beyond it in the direction read. */
    public record Page(List<RoomEvent> events, boolean hasMore) {
    }

    private final DynamoDbClient db;
    private final String table;

    public EventStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** Events with seq greater than {@code afterSeq}, oldest first. */
    public Page after(String roomId, long afterSeq, int limit) {
        return forward(QueryRequest.builder()
                .keyConditionExpression(ROOM_ID + " = :r AND " + SEQ + " > :s")
                .expressionAttributeValues(Map.of(":r", s(roomId), ":s", n(afterSeq))), limit);
    }

    /** Events stamped strictly after {@code sinceMillis}, oldest first. */
    public Page since(String roomId, long sinceMillis, int limit) {
        return forward(QueryRequest.builder()
                .indexName(Tables.EVENTS_BY_TS)
                .keyConditionExpression(ROOM_ID + " = :r AND " + TS + " > :t")
                .expressionAttributeValues(Map.of(":r", s(roomId), ":t", s(Timestamps.format(sinceMillis)))), limit);
    }

    /** The {@code limit} events just before {@code beforeSeq} (or the latest ones), oldest first. */
    public Page before(String roomId, long beforeSeq, int limit) {
        QueryRequest.Builder query = beforeSeq == Long.MAX_VALUE
                ? QueryRequest.builder().keyConditionExpression(ROOM_ID + " = :r")
                        .expressionAttributeValues(Map.of(":r", s(roomId)))
                : QueryRequest.builder().keyConditionExpression(ROOM_ID + " = :r AND " + SEQ + " < :s")
                        .expressionAttributeValues(Map.of(":r", s(roomId), ":s", n(beforeSeq)));
        Page newestFirst = read(query.scanIndexForward(false), limit);
        List<RoomEvent> events = new ArrayList<>(newestFirst.events());
        Collections.reverse(events);
        return new Page(events, newestFirst.hasMore());
    }

    private Page forward(QueryRequest.Builder query, int limit) {
        return read(query.scanIndexForward(true), limit);
    }

    private Page read(QueryRequest.Builder query, int limit) {
        QueryResponse response = db.query(query.tableName(table).consistentRead(true).limit(limit + 1).build());
        List<RoomEvent> events = new ArrayList<>(response.count());
        for (Map<String, AttributeValue> item : response.items()) {
            if (events.size() == limit) {
                return new Page(events, true);
            }
            events.add(fromItem(item));
        }
        boolean truncated = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        // Fewer than limit + 1 items with a continuation key: the 1 MB page cap cut the read short.
        return new Page(events, truncated);
    }

    /** One event by its seq, read strongly consistent. */
    public Optional<RoomEvent> get(String roomId, long seq) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder().tableName(table)
                .key(Map.of(ROOM_ID, s(roomId), SEQ, n(seq))).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * The step that deletes a message's text where it is stored (content overwritten, not hidden),
     * marking it redacted; it holds only for a message not redacted yet.
     */
    TransactWriteItem redactStep(String roomId, long seq) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(ROOM_ID, s(roomId), SEQ, n(seq)))
                .updateExpression("SET #content = :empty, #reason = :redacted")
                .conditionExpression("attribute_exists(" + SEQ + ") AND #type = :message AND attribute_not_exists(#reason)")
                // Aliases throughout: several of these names are reserved words in expressions.
                .expressionAttributeNames(Map.of("#type", TYPE, "#content", CONTENT, "#reason", REASON))
                .expressionAttributeValues(Map.of(":empty", s(""), ":redacted", s(Redactions.REDACTED),
                        ":message", s(EventType.MESSAGE.wire())))
                .build()).build();
    }

    /** Deletes a deleted room's events; returns how many went. */
    public int deleteRoom(String roomId) {
        return Batches.deletePartition(db, table, ROOM_ID, roomId, SEQ);
    }

    /** The step that puts an event at its seq (see {@link Transactions}); it fails if the seq is taken. */
    TransactWriteItem putStep(RoomEvent event, long expiresAtSeconds) {
        Map<String, AttributeValue> item = toItem(event);
        if (expiresAtSeconds > 0) {
            item.put(EXPIRES_AT, n(expiresAtSeconds));
        }
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(" + SEQ + ")").build()).build();
    }

    static Map<String, AttributeValue> toItem(RoomEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ROOM_ID, s(event.roomId()));
        item.put(SEQ, n(event.seq()));
        item.put(ID, s(event.id()));
        item.put(TS, s(event.timestamp()));
        item.put(TYPE, s(event.type().wire()));
        putIfPresent(item, AGENT_ID, event.agentId());
        putIfPresent(item, FROM_NAME, event.fromName());
        item.put(SENDER_KIND, s(event.senderKind().wire()));
        item.put(CONTENT, s(event.content()));
        putIfPresent(item, REASON, event.reason());
        if (!event.mentions().isEmpty()) {
            item.put(MENTIONS, AttributeValue.fromL(event.mentions().stream().map(Items::s).toList()));
        }
        return item;
    }

    public static RoomEvent fromItem(Map<String, AttributeValue> item) {
        return new RoomEvent(
                str(item, ID),
                str(item, ROOM_ID),
                num(item, SEQ, 0),
                str(item, AGENT_ID),
                str(item, FROM_NAME),
                SenderKind.fromWire(str(item, SENDER_KIND)),
                str(item, CONTENT),
                str(item, TS),
                EventType.fromWire(str(item, TYPE)),
                str(item, REASON),
                mentions(item));
    }

    private static List<String> mentions(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(MENTIONS);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }
}
