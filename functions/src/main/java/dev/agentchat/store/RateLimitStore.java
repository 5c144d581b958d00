package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Rate limits as GCRA cells (a token bucket stored as one number, the "theoretical arrival
 * time"). Each decision is a conditional update with no read first: one call when the bucket
 * is full or idle, two when it is partly used, and nothing is written when a request is refused.
 */
public final class RateLimitStore {
    static final String BUCKET = "bucket";
    /** The cell's theoretical arrival time, epoch millis. */
    static final String TAT = "tat";
    /** TTL attribute, epoch seconds. */
    static final String EXPIRES_AT = "expires_at";

    private static final int MAX_ROUNDS = 5;

    /** What is limited; each has one cell per agent (per account or address for sign-ins). */
    public enum Action {
        SEND("send"), READ("read"), LOGIN("login"), LOGIN_FROM("login-from"), SIGNUP_FROM("signup-from"),
        RENAME("rename");

        private final String prefix;

        Action(String prefix) {
            this.prefix = prefix;
        }

        String bucket(String agentId) {
            return prefix + "#" + agentId;
        }
    }

    private final DynamoDbClient db;
    private final String table;

    public RateLimitStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /**
     * Takes one token from the agent's bucket for the action.
     *
     * @return 0 if allowed, else milliseconds until a token is available
     * @see #tryAcquire(String, long, long, int)
     */
    public long tryAcquire(Action action, String agentId, long nowMillis, long intervalMillis, int burst) {
        return tryAcquire(action.bucket(agentId), nowMillis, intervalMillis, burst);
    }

    /** Deletes the agents' cells (they hold agent ids of a deleted room). */
    public void deleteCells(List<String> agentIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String agentId : agentIds) {
            for (Action action : Action.values()) {
                keys.add(Map.of(BUCKET, s(action.bucket(agentId))));
            }
        }
        Batches.deleteKeys(db, table, keys);
    }

    /**
     * Takes one token from the bucket.
     *
     * @param intervalMillis time to earn back one token (the sustained rate)
     * @param burst          how many tokens the bucket holds
     * @return 0 if allowed, else milliseconds until a token is available
     */
    long tryAcquire(String bucket, long nowMillis, long intervalMillis, int burst) {
        long tolerance = (burst - 1L) * intervalMillis;
        long expiresAt = (nowMillis + tolerance + intervalMillis) / 1000 + 60;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            // Idle or new bucket: it is full, start counting from now.
            Long tat = update(bucket,
                    "SET " + TAT + " = :next, " + EXPIRES_AT + " = :exp",
                    "attribute_not_exists(" + TAT + ") OR " + TAT + " < :now",
                    Map.of(":next", n(nowMillis + intervalMillis), ":now", n(nowMillis), ":exp", n(expiresAt)));
            if (tat == null) {
                return 0;
            }
            if (tat > nowMillis + tolerance) {
                return tat - nowMillis - tolerance;
            }
            // Partly used: spend one more token if the bucket still has one.
            tat = update(bucket,
                    "SET " + TAT + " = " + TAT + " + :interval, " + EXPIRES_AT + " = :exp",
                    TAT + " BETWEEN :now AND :limit",
                    Map.of(":interval", n(intervalMillis), ":now", n(nowMillis),
                            ":limit", n(nowMillis + tolerance), ":exp", n(expiresAt)));
            if (tat == null) {
                return 0;
            }
            if (tat > nowMillis + tolerance) {
                return tat - nowMillis - tolerance;
            }
            // A concurrent request moved the cell between our two updates: decide again.
        }
        return intervalMillis;
    }

    /** Applies the update; null if it was applied, else the cell's current value. */
    private Long update(String bucket, String expression, String condition, Map<String, AttributeValue> values) {
        try {
            db.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(Map.of(BUCKET, s(bucket)))
                    .updateExpression(expression)
                    .conditionExpression(condition)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return null;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.item();
            return old == null ? Long.MIN_VALUE : num(old, TAT, Long.MIN_VALUE);
        }
    }
}
