package dev.agentchat.bench.warmpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB calls per request, by operation and transport, against DynamoDB Local through the
 * client the Lambdas build (counted by {@link DynamoDbCallCounter}): a change that adds a call to
 * a send, a read or room info fails here (issue 18 goal 2; BENCHMARKS.md shows the same figures).
 */
class CallCountTest {
    private static Map<String, WarmPathBench.Result> measured;

    @BeforeAll
    static void measure() throws Exception {
        measured = WarmPathBench.measure(3, 2, 250);
    }

    /**
     * Calls per request of one operation, background (push path) calls left out, and so is the
     * REST presence refresh (an UpdateItem of the key now and then: when it falls is a
     * matter of time, so it is only bounded, at one per request).
     */
    private static Map<String, Double> calls(String operation) {
        Map<String, Double> out = new TreeMap<>();
        measured.get(operation).callsByOperation().forEach((name, perRequest) -> {
            if (!name.startsWith("background ")) {
                out.put(name, perRequest);
            }
        });
        Double presence = out.remove("UpdateItem keys");
        assertTrue(presence == null || presence <= 1, () -> operation + ": presence refreshed " + presence + " times");
        return out;
    }

    @Test
    void restSend_readsKeyAndRoomOnce_andSpendsItsLimitInTheMessagesTransaction() {
        assertEquals(Map.of("BatchGetItem", 1.0, "TransactWriteItems", 1.0, "Query", 1.0), calls("send"));
    }

    @Test
    void webSocketSend_readsItsSocketThenKeyAndRoomTogether() {
        assertEquals(Map.of("GetItem", 1.0, "BatchGetItem", 1.0, "TransactWriteItems", 1.0, "Query", 1.0),
                calls("WebSocket send"));
    }

    @Test
    void mcpSend_readsKeyThenRoom_once() {
        assertEquals(Map.of("GetItem", 2.0, "TransactWriteItems", 1.0, "Query", 1.0), calls("MCP send"));
    }

    /** Session, user, the room (for the human's place in it, which the post appends after), the human's limit, the post. */
    @Test
    void humanPost_appendsAfterTheRoomItRead() {
        assertEquals(Map.of("GetItem", 3.0, "UpdateItem limits", 1.0, "TransactWriteItems", 1.0, "Query", 1.0),
                calls("human post"));
    }

    @Test
    void reads_writeOnlyTheirRateLimitCell() {
        assertEquals(Map.of("BatchGetItem", 1.0, "Query", 1.0, "UpdateItem limits", 1.0), calls("read"));
        assertEquals(Map.of("GetItem", 2.0, "Query", 1.0, "UpdateItem limits", 1.0), calls("MCP read"));
    }

    @Test
    void emptyRead_echoesTheCounterOfTheRoomItsAuthenticationRead() {
        assertEquals(Map.of("BatchGetItem", 1.0, "Query", 1.0, "UpdateItem limits", 1.0), calls("empty read"));
    }

    /**
     * A waiting reader and the sender that wakes it: the reader's key and room (again at the wake, a
     * strong read that also refuses a room being deleted, so no head read of its own), its limit,
     * the first and the wake-up query; the sender's three. The waiter's eventual head checks grow
     * with the time waited, and so may its once-a-second access checks (BatchGetItem), so those two
     * are bounded, not pinned.
     */
    @Test
    void longPollWakeUp_makesNoStrongHeadReadOfItsOwn() {
        Map<String, Double> calls = calls("long-poll wake-up");
        double accessChecks = calls.remove("BatchGetItem");
        Double headChecks = calls.remove("GetItem (eventual)");
        assertEquals(Map.of("Query", 3.0, "TransactWriteItems", 1.0, "UpdateItem limits", 1.0), calls);
        assertTrue(accessChecks >= 3, "reader's key and room at start and at the wake, sender's: " + accessChecks);
        assertTrue(headChecks != null && headChecks >= 1, "the waiter checks the head while it waits: " + headChecks);
    }

    @Test
    void roomInfo_readsTheRoomOnce() {
        assertEquals(Map.of("BatchGetItem", 1.0, "Query", 1.0, "UpdateItem limits", 1.0), calls("room info"));
        assertEquals(Map.of("GetItem", 2.0, "Query", 1.0, "UpdateItem limits", 1.0), calls("MCP room info"));
    }
}
