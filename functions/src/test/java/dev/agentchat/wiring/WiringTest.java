package dev.agentchat.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.config.AppConfig;
import dev.agentchat.realtime.ConnectionGateway;
import dev.agentchat.realtime.WakeQueue;
import dev.agentchat.store.AppendGate;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.LocalDynamo;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The graph's accessors only hand out what was built; building the Management API client is one explicit call. */
class WiringTest {
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private final Wiring wiring = new Wiring(AppConfig.fromEnv(Map.of()), LocalDynamo.client(), Clock.systemUTC(),
            Secrets.create(), ConnectionGateway.lazy(() -> {
                clientsBuilt.incrementAndGet();
                return ConnectionGateway.unconfigured();
            }));

    @Test
    void accessors_buildNoManagementApiClient() {
        wiring.realtime();
        wiring.fanOut();
        wiring.sweeper();
        wiring.moderation();
        wiring.roomAdmin();
        assertEquals(0, clientsBuilt.get(), "an HTTP route builds the client on its first push, not at init");
    }

    @Test
    void prepareForPushing_buildsTheClientOnce_andReturnsTheSameGraph() {
        assertSame(wiring, wiring.prepareForPushing());
        wiring.prepareForPushing();
        assertEquals(1, clientsBuilt.get());
    }

    @Test
    void requireWakeQueue_withoutAQueue_failsNamingTheVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class, wiring::requireWakeQueue);

        assertTrue(e.getMessage().contains("WEBHOOK_QUEUE_URL"), e.getMessage());
    }

    @Test
    void requireWakeQueue_withAQueue_returnsTheSameGraph() {
        Wiring withQueue = new Wiring(AppConfig.fromEnv(Map.of()), LocalDynamo.client(), Clock.systemUTC(),
                Secrets.create(), ConnectionGateway.unconfigured(), AppendGate.NONE, new WakeQueue() {
                    @Override
                    public void send(String body) {
                    }

                    @Override
                    public void retryAfter(String receiptHandle, long delayMillis) {
                    }
                });

        assertSame(withQueue, withQueue.requireWakeQueue());
    }
}
