package dev.agentchat.standalone.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.ServerUnderTest;
import dev.agentchat.standalone.support.StoredState;
import dev.agentchat.store.Tables;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The snapshot every "a refusal changes nothing" check stands on: it must see every item written
 * before it, also when a table is past a 1 MB scan page. (Suspected cause of false "stored state
 * changed" reports in the first fuzz suite; this shows DynamoDB Local's consistent, paginated
 * scans are not it.)
 */
@RunningServer(env = {FuzzTarget.ROOMS_FOR_EVERY_TRY, FuzzTarget.NO_SWEEPS})
class StoredStateTest {
    @Test
    void take_whenTablesSpanManyScanPages_seesEveryFixtureWrittenBeforeIt(ServerUnderTest server) {
        FuzzTarget target = new FuzzTarget(server);
        StoredState state = new StoredState(target.server.dynamoDb(), target.env);
        String rooms = state.name(Tables.ROOMS);
        int missing = 0;
        // Each fixture is created over HTTP and answered before the snapshot is taken.
        for (int i = 0; i < 40; i++) {
            if (i % 5 == 0) {
                // Grow the rooms table past 1 MB so every scan is paginated.
                for (int j = 0; j < 4; j++) {
                    target.server.dynamoDb().putItem(b -> b.tableName(rooms).item(Map.of(
                            "room_id", AttributeValue.fromS("pad_" + System.nanoTime()),
                            "pad", AttributeValue.fromS("p".repeat(300_000)))));
                }
            }
            FuzzTarget.Fixture f = target.fixture(i % 2 == 0);
            StoredState.Snapshot snap = state.take();
            boolean seen = snap.tables().get(rooms).keySet().stream().anyMatch(k -> k.startsWith(f.roomId()));
            if (!seen) {
                missing++;
            }
        }
        int pages = 0;
        Map<String, AttributeValue> start = null;
        do {
            var page = target.server.dynamoDb().scan(ScanRequest.builder().tableName(rooms).consistentRead(true)
                    .exclusiveStartKey(start).build());
            pages++;
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertTrue(pages > 1, () -> "the rooms table fits one scan page: the test proves nothing about paging");
        assertEquals(0, missing, "fixtures missing from the snapshot taken right after them");
    }
}
