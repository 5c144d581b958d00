package dev.agentchat.store;

import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Every item of a Query or Scan, page after page, following {@code LastEvaluatedKey} by hand: the
 * SDK's paginators do the same loop, but their iterables, page fetchers and the user-agent
 * override they add to each request are ~25 more classes on a handler's cold start.
 */
final class Pages {
    private Pages() {
    }

    static void query(DynamoDbClient db, QueryRequest request, Consumer<Map<String, AttributeValue>> each) {
        QueryRequest next = request;
        while (true) {
            QueryResponse page = db.query(next);
            page.items().forEach(each);
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                return;
            }
            next = next.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
        }
    }

    static void scan(DynamoDbClient db, ScanRequest request, Consumer<Map<String, AttributeValue>> each) {
        ScanRequest next = request;
        while (true) {
            ScanResponse page = db.scan(next);
            page.items().forEach(each);
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                return;
            }
            next = next.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
        }
    }
}
