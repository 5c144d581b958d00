package dev.agentchat.standalone;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The stream pollers' wake-up (real DynamoDB Local, in memory): a write through the server's
 * client wakes a waiting poller at once, a read does not, a nudge that comes while the
 * poller is busy is not lost, and a ticking poller (webhook wakes) is never nudged.
 */
class StreamSignalTest {
    private static final long LONG_WAIT_MILLIS = 30_000;
    private static final long SHORT_WAIT_MILLIS = 200;
    private static final String TABLE = "signal-test";

    private static AmazonDynamoDBLocal dynamo;
    private static DynamoDbClient raw;

    @BeforeAll
    static void start() {
        dynamo = DynamoDBEmbedded.create(null, true);
        raw = dynamo.dynamoDbClient();
        raw.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    @AfterAll
    static void stop() {
        dynamo.shutdown();
    }

    @Test
    void aWrite_wakesAWaitingPoller_aReadDoesNot() throws Exception {
        StreamSignal signal = new StreamSignal();
        StreamSignal.Waiter waiter = signal.waiter();
        DynamoDbClient db = signal.nudgingAfterWrites(raw);

        db.getItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS("a"))));
        assertTrue(millisWaited(waiter, SHORT_WAIT_MILLIS) >= SHORT_WAIT_MILLIS - 10, "a read nudged the poller");

        Thread writer = new Thread(() -> {
            sleep(100);
            db.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("a"))));
        });
        writer.start();
        long waited = millisWaited(waiter, LONG_WAIT_MILLIS);
        writer.join();
        assertTrue(waited < LONG_WAIT_MILLIS / 2, "the write did not wake the poller (waited " + waited + " ms)");

        db.transactWriteItems(r -> r.transactItems(i -> i.put(p -> p.tableName(TABLE)
                .item(Map.of("pk", AttributeValue.fromS("b"))))));
        assertTrue(millisWaited(waiter, LONG_WAIT_MILLIS) < LONG_WAIT_MILLIS / 2, "a transaction did not nudge");
    }

    @Test
    void aNudgeWhileBusy_isKeptForTheNextWait_once() throws Exception {
        StreamSignal signal = new StreamSignal();
        StreamSignal.Waiter first = signal.waiter();
        StreamSignal.Waiter second = signal.waiter();
        StreamSignal.Waiter ticking = StreamSignal.ticking();
        signal.nudge();
        assertTrue(millisWaited(ticking, SHORT_WAIT_MILLIS) >= SHORT_WAIT_MILLIS - 10, "a ticking waiter was nudged");
        assertTrue(millisWaited(first, LONG_WAIT_MILLIS) < LONG_WAIT_MILLIS / 2, "the nudge was lost");
        assertTrue(millisWaited(second, LONG_WAIT_MILLIS) < LONG_WAIT_MILLIS / 2, "every poller is nudged");
        assertTrue(millisWaited(first, SHORT_WAIT_MILLIS) >= SHORT_WAIT_MILLIS - 10, "one nudge woke twice");
    }

    private static long millisWaited(StreamSignal.Waiter waiter, long millis) throws InterruptedException {
        long t = System.nanoTime();
        waiter.await(millis);
        return (System.nanoTime() - t) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
