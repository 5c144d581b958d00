package dev.agentchat.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lazy gateway builds the real one once: on first use or when prepared, never twice. */
class LazyGatewayTest {

    @Test
    void buildsNothingUntilUsed_thenOnce_andDelegates() {
        AtomicInteger builds = new AtomicInteger();
        RecordingGateway real = new RecordingGateway();
        ConnectionGateway lazy = ConnectionGateway.lazy(() -> {
            builds.incrementAndGet();
            return real;
        });
        assertEquals(0, builds.get(), "nothing is built before the first push");
        lazy.prepare();
        assertEquals(1, builds.get());
        lazy.send("c1", "{\"type\":\"pong\"}");
        lazy.close("c1");
        lazy.prepare();
        assertEquals(1, builds.get(), "built once");
        assertEquals(List.of("{\"type\":\"pong\"}"), real.framesTo("c1"));
        assertEquals(java.util.Set.of("c1"), real.closed);
    }

    @Test
    void concurrentFirstUses_buildOnce() throws InterruptedException {
        AtomicInteger builds = new AtomicInteger();
        ConnectionGateway lazy = ConnectionGateway.lazy(() -> {
            builds.incrementAndGet();
            return new RecordingGateway();
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "c" + i;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                lazy.send(id, "x");
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1, builds.get());
    }
}
