package dev.agentchat.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Deletes many items at once, 25 per batch, re-sending what DynamoDB reports unprocessed. */
final class Batches {
    private static final int BATCH = 25;
    private static final int MAX_ROUNDS = 50;

    private Batches() {
    }

    /** Deletes every item of one partition of a table with a sort key; returns how many. */
    static int deletePartition(DynamoDbClient db, String table, String partitionKey, String value, String sortKey) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        db.queryPaginator(QueryRequest.builder().tableName(table)
                        .keyConditionExpression(partitionKey + " = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value)))
                        .projectionExpression(partitionKey + ", " + sortKey)
                        .build())
                .items().forEach(keys::add);
        deleteKeys(db, table, keys);
        return keys.size();
    }

    static void deleteKeys(DynamoDbClient db, String table, List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<WriteRequest> writes = keys.subList(from, Math.min(keys.size(), from + BATCH)).stream()
                    .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, writes);
            for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
                Map<String, List<WriteRequest>> batch = pending;
                BatchWriteItemResponse response = db.batchWriteItem(r -> r.requestItems(batch));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                if (!pending.isEmpty()) {
                    sleep(10L << Math.min(round, 6));
                }
            }
            if (!pending.isEmpty()) {
                throw new IllegalStateException("DynamoDB kept refusing deletes in " + table);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting", e);
        }
    }
}
