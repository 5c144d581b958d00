package dev.agentchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.testing.LocalDynamo;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RateLimitStoreTest {
    private static RateLimitStore store;

    @BeforeAll
    static void tables() {
        store = new RateLimitStore(LocalDynamo.client(), TableNames.from(LocalDynamo.freshConfig(Map.of())).limits());
    }

    @Test
    void tryAcquire_allowsTheBurstThenRefusesWithTheWaitUntilTheNextToken() {
        String bucket = UUID.randomUUID().toString();
        long now = 1_000_000;
        for (int i = 0; i < 5; i++) {
            assertEquals(0, store.tryAcquire(bucket, now, 1000, 5), "token " + (i + 1) + " of the burst");
        }
        assertEquals(1000, store.tryAcquire(bucket, now, 1000, 5));
        assertEquals(400, store.tryAcquire(bucket, now + 600, 1000, 5));
        assertEquals(0, store.tryAcquire(bucket, now + 1000, 1000, 5));
        assertTrue(store.tryAcquire(bucket, now + 1000, 1000, 5) > 0);
    }

    @Test
    void tryAcquire_whenIdleLongEnough_theBucketIsFullAgain() {
        String bucket = UUID.randomUUID().toString();
        long now = 5_000_000;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, store.tryAcquire(bucket, now, 2000, 3));
        }
        assertTrue(store.tryAcquire(bucket, now, 2000, 3) > 0);
        long later = now + 10_000;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, store.tryAcquire(bucket, later, 2000, 3));
        }
        assertTrue(store.tryAcquire(bucket, later, 2000, 3) > 0);
    }
}
