package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Remembers the result of a request sent with an idempotency key for 24 h. The record is
 * written in the same transaction as the request's effect, so a retry either finds it or
 * finds nothing was done.
 */
public final class IdempotencyStore {
    /** A remembered result: the digest of the request it answered and the response body. */
    public record Record(String requestDigest, String response, long expiresAtEpochSeconds) {
    }

    static final String ROOM_ID = "room_id";
    static final String IDEM_KEY = "idem_key";
    static final String REQUEST_DIGEST = "request_digest";
    static final String RESPONSE = "response";
    /** TTL attribute, epoch seconds. */
    static final String EXPIRES_AT = "expires_at";

    private final DynamoDbClient db;
    private final String table;

    public IdempotencyStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public Optional<Record> find(String roomId, String scopedKey, long nowEpochSeconds) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder().tableName(table)
                .key(Map.of(ROOM_ID, s(roomId), IDEM_KEY, s(scopedKey))).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Record record = new Record(str(item, REQUEST_DIGEST), str(item, RESPONSE), num(item, EXPIRES_AT, 0));
        return record.expiresAtEpochSeconds() <= nowEpochSeconds ? Optional.empty() : Optional.of(record);
    }

    /**
     * Rewrites every remembered response in the room that holds the message {@code messageId}
     * (a replay keeps the sent message's text for 24 h) with {@code response}; returns how many.
     * Only the room's records of the last 24 h are read, page by page.
     */
    public int rewriteResponses(String roomId, String messageId, String response) {
        String needle = "\"id\":\"" + messageId + "\"";
        int rewritten = 0;
        for (Map<String, AttributeValue> item : db.queryPaginator(QueryRequest.builder().tableName(table)
                .keyConditionExpression(ROOM_ID + " = :r")
                .filterExpression("contains(#response, :needle)")
                .expressionAttributeNames(Map.of("#response", RESPONSE))
                .expressionAttributeValues(Map.of(":r", s(roomId), ":needle", s(needle)))
                .consistentRead(true).build()).items()) {
            try {
                db.updateItem(UpdateItemRequest.builder().tableName(table)
                        .key(Map.of(ROOM_ID, item.get(ROOM_ID), IDEM_KEY, item.get(IDEM_KEY)))
                        .updateExpression("SET #response = :response")
                        .expressionAttributeNames(Map.of("#response", RESPONSE))
                        .conditionExpression("attribute_exists(" + IDEM_KEY + ")")
                        .expressionAttributeValues(Map.of(":response", s(response)))
                        .build());
                rewritten++;
            } catch (ConditionalCheckFailedException e) {
                // Expired and removed meanwhile: nothing of the text is left there either.
            }
        }
        return rewritten;
    }

    /** Deletes a deleted room's records. */
    public void deleteRoom(String roomId) {
        Batches.deletePartition(db, table, ROOM_ID, roomId, IDEM_KEY);
    }

    /** The transaction step that stores the record, failing if a live one already exists. */
    TransactWriteItem putStep(String roomId, String scopedKey, Record record, long nowEpochSeconds) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(Map.of(
                        ROOM_ID, s(roomId),
                        IDEM_KEY, s(scopedKey),
                        REQUEST_DIGEST, s(record.requestDigest()),
                        RESPONSE, s(record.response()),
                        EXPIRES_AT, n(record.expiresAtEpochSeconds())))
                .conditionExpression("attribute_not_exists(" + IDEM_KEY + ") OR " + EXPIRES_AT + " <= :now")
                .expressionAttributeValues(Map.of(":now", n(nowEpochSeconds)))
                .build()).build();
    }
}
