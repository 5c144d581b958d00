package dev.agentchat.store;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Reads why a DynamoDB transaction was cancelled, item by item. */
final class Conditions {
    private Conditions() {
    }

    private static final int CONFLICT_ATTEMPTS = 10;

    /**
     * Runs a transaction, running it again when it lost to a concurrent transaction on the same
     * items (DynamoDB cancels rather than queues); condition failures are left to the caller.
     */
    static void write(DynamoDbClient db, TransactWriteItemsRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                db.transactWriteItems(request);
                return;
            } catch (TransactionCanceledException e) {
                if (!conflicted(e) || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1 + Math.min(50, 2 << attempt)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static boolean failedAt(TransactionCanceledException e, int index) {
        return "ConditionalCheckFailed".equals(code(e, index));
    }

    /** A concurrent transaction touched the same items: trying again is the cure. */
    static boolean conflicted(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }

    static int firstFailedCondition(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        if (reasons == null) {
            return -1;
        }
        for (int i = 0; i < reasons.size(); i++) {
            if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                return i;
            }
        }
        return -1;
    }

    private static String code(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons == null || reasons.size() <= index ? null : reasons.get(index).code();
    }
}
