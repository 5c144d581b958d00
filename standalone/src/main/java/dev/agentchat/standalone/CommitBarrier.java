package dev.agentchat.standalone;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Makes a transaction on file-backed DynamoDB Local durable before it is acknowledged.
 *
 * <p>Why: DynamoDB Local 2.6.1 runs every SQLite statement on one queue thread, and its
 * {@code SQLiteDBAccess.commitTransaction} only <em>enqueues</em> the {@code COMMIT} (it never
 * waits for the job), so {@code TransactWriteItems} returns success while the transaction is
 * still uncommitted in the journal. A {@code kill -9} in that window rolls the transaction back
 * on the next start: an acknowledged message disappears. Every other DynamoDB Local call waits
 * for its job, and the queue runs jobs in order, so one {@code GetItem} issued after the
 * transaction returns completes only after the {@code COMMIT} (its append to the write-ahead
 * log, see WriteAheadLog) has run.
 */
final class CommitBarrier implements InvocationHandler {
    /** The calls that end in DynamoDB Local's fire-and-forget commit. */
    private static final Set<String> TRANSACTIONS = Set.of("transactWriteItems", "executeTransaction");

    private final DynamoDbClient db;
    private final GetItemRequest barrier;

    private CommitBarrier(DynamoDbClient db, GetItemRequest barrier) {
        this.db = db;
        this.barrier = barrier;
    }

    /**
     * Wraps {@code db} so that its transactions return only once committed.
     *
     * @param table   any existing table whose partition key is the string attribute {@code keyName}
     * @param keyName that table's partition key; the barrier reads an item that never exists
     */
    static DynamoDbClient wrap(DynamoDbClient db, String table, String keyName) {
        GetItemRequest barrier = GetItemRequest.builder()
                .tableName(table)
                .key(Map.of(keyName, AttributeValue.fromS("~commit-barrier")))
                .consistentRead(true)
                .build();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, new CommitBarrier(db, barrier));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object result;
        try {
            result = method.invoke(db, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        // A failed transaction needs no barrier: its rollback is queued ahead of any later call too.
        if (TRANSACTIONS.contains(method.getName())) {
            db.getItem(barrier);
        }
        return result;
    }
}
