package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * API Gateway refuses WebSocket messages over 128 KB; the standalone server must too, before
 * buffering them: a client announcing a 64 MB frame is cut off after the limit, and the heap
 * (the server runs in this JVM) does not grow by the frame.
 */
@RunningServer
class GiantFrameTest {
    private static final long GIANT = 64L * 1024 * 1024;

    @Inject
    private static AgentChatServer server;

    @Test
    void a64MegabyteFrame_closesTheSocket_beforeItIsBuffered() throws Exception {
        List<MemoryPoolMXBean> oldGen = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && !p.getName().contains("Eden")
                        && !p.getName().contains("Survivor"))
                .toList();
        System.gc();
        long before = oldGen.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        oldGen.forEach(MemoryPoolMXBean::resetPeakUsage);

        long written = 0;
        boolean closed;
        try (RawSocket giant = RawSocket.open(server.port())) {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            try {
                giant.writeHeader(true, RawSocket.TEXT, GIANT);
                while (written < GIANT) {
                    giant.writePayload(chunk, 0, chunk.length);
                    written += chunk.length;
                }
                giant.flush();
            } catch (IOException refused) {
                // The server hung up mid-frame: what a limit looks like from here.
            }
            closed = giant.endsWithin(Duration.ofSeconds(10));
        }
        long peak = oldGen.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long grewMb = Math.max(0, peak - before) / (1024 * 1024);
        System.out.println("GiantFrameTest: wrote " + written / (1024 * 1024) + " MB of a 64 MB frame before the server"
                + " hung up; old generation peak grew " + grewMb + " MB");
        assertTrue(closed, "the socket is still open after a 64 MB frame");
        assertTrue(written < GIANT, "the server took the whole 64 MB frame");
        assertTrue(grewMb < 32, "the heap grew by " + grewMb + " MB for one refused frame");

        try (RawSocket next = RawSocket.open(server.port())) {
            next.sendJson(Rest.obj("type", "ping"));
            next.awaitType("pong", Duration.ofSeconds(5));
        }
    }

    @Test
    void aMessageUnderTheLimit_isStillAnswered() {
        try (RawSocket socket = RawSocket.open(server.port())) {
            socket.sendJson(Rest.obj("type", "ping", "padding", "p".repeat(100 * 1024)));
            socket.awaitType("pong", Duration.ofSeconds(5));
        }
    }
}
