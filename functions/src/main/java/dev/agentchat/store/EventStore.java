package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.putIfPresent;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.SenderKind;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Each room's ordered event log. An append is one transaction that advances the room's
 * counter from the value it read (so seq is gap-free and the timestamp strictly increasing,
 * whichever Lambda writes) and puts the event; a lost race is simply retried.
 */
public final class EventStore {
    private static final int MAX_ATTEMPTS = 40;

    /** A page of events plus whether more lie beyond it in the direction read. */
    public record Page(List<RoomEvent> events, boolean hasMore) {
    }

    /** The room's counter: the last seq and timestamp it handed out. */
    public record Head(long lastSeq, long lastTsMillis) {
    }

    private final DynamoDbClient db;
    private final TableNames tables;
    private final Secrets secrets;
    private final Clock clock;
    private final AppendGate gate;

    public EventStore(DynamoDbClient db, TableNames tables, Secrets secrets, Clock clock) {
        this(db, tables, secrets, clock, AppendGate.NONE);
    }

    public EventStore(DynamoDbClient db, TableNames tables, Secrets secrets, Clock clock, AppendGate gate) {
        this.db = db;
        this.tables = tables;
        this.secrets = secrets;
        this.clock = clock;
        this.gate = gate;
    }

    public RoomEvent append(String roomId, EventDraft draft) {
        return append(roomId, draft, RoomGuard.NONE, event -> List.of());
    }

    /**
     * Appends an event, together with the caller's extra steps, in one transaction.
     *
     * @param extraSteps steps written atomically with the event (built from the final event)
     * @throws AppendRefused if the room is gone, the guard or an extra step's condition failed,
     *                       or the room stayed contended through every attempt
     */
    public RoomEvent append(String roomId, EventDraft draft, RoomGuard guard,
                            Function<RoomEvent, List<TransactWriteItem>> extraSteps) {
        return gate.run(roomId, () -> appendNow(roomId, draft, guard, extraSteps));
    }

    private RoomEvent appendNow(String roomId, EventDraft draft, RoomGuard guard,
                                Function<RoomEvent, List<TransactWriteItem>> extraSteps) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Head head = head(roomId);
            if (head == null) {
                throw new AppendRefused(AppendRefused.Reason.NO_ROOM, -1);
            }
            long seq = head.lastSeq() + 1;
            long ts = Math.max(clock.millis(), head.lastTsMillis() + 1);
            RoomEvent event = new RoomEvent(secrets.newId("msg"), roomId, seq, draft.agentId(), draft.fromName(),
                    draft.senderKind(), draft.content(), Timestamps.format(ts), draft.type(), draft.reason());
            List<TransactWriteItem> steps = new ArrayList<>();
            steps.add(TransactWriteItem.builder().update(advanceHead(roomId, head, seq, ts, guard)).build());
            steps.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.events()).item(toItem(event))
                    .conditionExpression("attribute_not_exists(seq)").build()).build());
            steps.addAll(extraSteps.apply(event));
            try {
                db.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(steps).build());
                return event;
            } catch (TransactionCanceledException e) {
                if (!Conditions.conflicted(e)) {
                    int failed = Conditions.firstFailedCondition(e);
                    if (failed >= 2) {
                        throw new AppendRefused(AppendRefused.Reason.EXTRA_STEP, failed - 2);
                    }
                    if (failed == 0) {
                        Head now = head(roomId);
                        if (now == null) {
                            throw new AppendRefused(AppendRefused.Reason.NO_ROOM, -1);
                        }
                        if (now.lastSeq() == head.lastSeq()) {
                            throw new AppendRefused(AppendRefused.Reason.ROOM_GUARD, -1);
                        }
                    }
                }
                backOff(attempt);
            }
        }
        throw new AppendRefused(AppendRefused.Reason.CONTENDED, -1);
    }

    /** The room's counter, read strongly consistent; null if the room does not exist or is being deleted. */
    public Head head(String roomId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(tables.rooms())
                .key(Map.of("room_id", s(roomId)))
                .projectionExpression(RoomStore.LAST_SEQ + ", " + RoomStore.LAST_TS + ", " + RoomStore.DELETING_AT)
                .consistentRead(true)
                .build()).item();
        if (item == null || item.isEmpty() || item.containsKey(RoomStore.DELETING_AT)) {
            return null;
        }
        return new Head(num(item, RoomStore.LAST_SEQ, 0), num(item, RoomStore.LAST_TS, 0));
    }

    /** Events with seq greater than {@code afterSeq}, oldest first. */
    public Page after(String roomId, long afterSeq, int limit) {
        return forward(QueryRequest.builder()
                .keyConditionExpression("room_id = :r AND seq > :s")
                .expressionAttributeValues(Map.of(":r", s(roomId), ":s", n(afterSeq))), limit);
    }

    /** Events stamped strictly after {@code sinceMillis}, oldest first. */
    public Page since(String roomId, long sinceMillis, int limit) {
        return forward(QueryRequest.builder()
                .indexName(Tables.EVENTS_BY_TS)
                .keyConditionExpression("room_id = :r AND ts > :t")
                .expressionAttributeValues(Map.of(":r", s(roomId), ":t", s(Timestamps.format(sinceMillis)))), limit);
    }

    /** The {@code limit} events just before {@code beforeSeq} (or the latest ones), oldest first. */
    public Page before(String roomId, long beforeSeq, int limit) {
        QueryRequest.Builder query = beforeSeq == Long.MAX_VALUE
                ? QueryRequest.builder().keyConditionExpression("room_id = :r")
                        .expressionAttributeValues(Map.of(":r", s(roomId)))
                : QueryRequest.builder().keyConditionExpression("room_id = :r AND seq < :s")
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
        QueryResponse response = db.query(query.tableName(tables.events()).consistentRead(true).limit(limit + 1).build());
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

    private Update advanceHead(String roomId, Head head, long seq, long ts, RoomGuard guard) {
        Map<String, AttributeValue> values = new HashMap<>(guard.values());
        values.put(":seq", n(seq));
        values.put(":ts", n(ts));
        values.put(":prev", n(head.lastSeq()));
        // The condition, not only the read above, refuses a room marked for deletion meanwhile.
        String condition = RoomStore.LAST_SEQ + " = :prev AND " + RoomStore.LIVE
                + (guard.condition().isEmpty() ? "" : " AND " + guard.condition());
        return Update.builder()
                .tableName(tables.rooms())
                .key(Map.of("room_id", s(roomId)))
                .updateExpression("SET " + RoomStore.LAST_SEQ + " = :seq, " + RoomStore.LAST_TS + " = :ts" + guard.set())
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .build();
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1 + Math.min(25, 1 << Math.min(attempt, 5))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppendRefused(AppendRefused.Reason.CONTENDED, -1);
        }
    }

    static Map<String, AttributeValue> toItem(RoomEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("room_id", s(event.roomId()));
        item.put("seq", n(event.seq()));
        item.put("id", s(event.id()));
        item.put("ts", s(event.timestamp()));
        item.put("type", s(event.type().wire()));
        putIfPresent(item, "agent_id", event.agentId());
        putIfPresent(item, "from_name", event.fromName());
        item.put("sender_kind", s(event.senderKind().wire()));
        item.put("content", s(event.content()));
        putIfPresent(item, "reason", event.reason());
        return item;
    }

    public static RoomEvent fromItem(Map<String, AttributeValue> item) {
        return new RoomEvent(
                str(item, "id"),
                str(item, "room_id"),
                num(item, "seq", 0),
                str(item, "agent_id"),
                str(item, "from_name"),
                SenderKind.fromWire(str(item, "sender_kind")),
                str(item, "content"),
                str(item, "ts"),
                EventType.fromWire(str(item, "type")),
                str(item, "reason"));
    }
}
