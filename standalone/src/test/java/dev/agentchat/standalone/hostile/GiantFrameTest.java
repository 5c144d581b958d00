package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * API Gateway refuses WebSocket messages over 128 KB, and frames over 32 KB; the standalone server must too, before
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
    void aMessageUnderTheLimit_inFramesOfAtMost32KB_isStillAnswered() throws IOException {
        try (RawSocket socket = RawSocket.open(server.port())) {
            // 4 x 30 KB: 120 KB in all, under the message limit, each frame under the frame limit.
            sendInFrames(socket, Rest.write(Rest.obj("type", "ping", "padding", "p".repeat(120 * 1024 - 40))), 30 * 1024);
            socket.awaitType("pong", Duration.ofSeconds(5));
        }
    }

    @Test
    void oneFrameOver32KB_closesTheSocketWith1009() throws IOException {
        try (RawSocket socket = RawSocket.open(server.port())) {
            byte[] frame = Rest.write(Rest.obj("type", "ping", "padding", "p".repeat(40 * 1024))).getBytes(StandardCharsets.UTF_8);
            try {
                socket.writeHeader(true, RawSocket.TEXT, frame.length);
                socket.writePayload(frame, 0, frame.length);
                socket.flush();
            } catch (IOException refused) {
                // The server may hang up before the whole frame is written.
            }
            RawSocket.Frame answer = socket.next(Duration.ofSeconds(10));
            // Either the close frame (1009, message too big) or, if the transport ended first, nothing: never a pong.
            if (answer != null) {
                assertEquals(RawSocket.CLOSE, answer.opcode(), () -> "answered " + answer.text());
                assertEquals(1009, RawSocket.closeCode(answer));
            }
            assertTrue(socket.endsWithin(Duration.ofSeconds(5)), "the socket stays open after a 40 KB frame");
        }
    }

    /** Sends {@code text} as one message in frames of at most {@code frameBytes} (a text frame, then continuations). */
    private static void sendInFrames(RawSocket socket, String text, int frameBytes) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int start = 0; start < bytes.length; start += frameBytes) {
            int length = Math.min(frameBytes, bytes.length - start);
            boolean last = start + length == bytes.length;
            socket.writeHeader(last, start == 0 ? RawSocket.TEXT : 0x0, length);
            socket.writePayload(bytes, start, length);
        }
        socket.flush();
    }
}
