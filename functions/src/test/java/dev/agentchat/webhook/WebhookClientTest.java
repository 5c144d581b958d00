package dev.agentchat.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebhookClientTest {
    private final WebhookTargets targets = new WebhookTargets(true);

    @Test
    void post_whenReceiverAnswers200_sendsHeadersAndBodyToThePinnedAddress() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("webhook-id") + " "
                    + exchange.getRequestHeaders().getFirst("Host") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            WebhookClient.Result result = new WebhookClient(2000).post(
                    targets.check("http://localhost:" + port + "/hook?x=1"),
                    List.of(Map.entry("webhook-id", "msg_1")), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            assertTrue(result.ok(), String.valueOf(result));
            assertEquals(204, result.status());
            assertEquals("POST /hook?x=1 msg_1 localhost:" + port + " {\"a\":1}", seen.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void post_whenRedirected_doesNotFollow() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        try {
            WebhookClient.Result result = new WebhookClient(2000).post(
                    targets.check("http://127.0.0.1:" + server.getAddress().getPort() + "/"), List.of(), new byte[0]);
            assertFalse(result.ok());
            assertEquals(302, result.status());
            assertTrue(result.error().contains("redirects are not followed"), result.error());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void post_whenReceiverHangsOrFloods_givesUpWithinTheTimeoutAndTheByteCap() throws Exception {
        try (ServerSocket hanging = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = hanging.accept()) {
                    Thread.sleep(30_000);
                } catch (Exception ignored) {
                    // the client gave up
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            WebhookClient.Result result = new WebhookClient(300).post(
                    targets.check("http://127.0.0.1:" + hanging.getLocalPort() + "/"), List.of(), new byte[0]);
            assertEquals(0, result.status());
            assertTrue(result.error().contains("timed out"), result.error());
            // Far below the 30 s hang, with room for a loaded machine (a full build once took 2.4 s here).
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 10_000, "gave up after " + millis + " ms");
        }
        try (ServerSocket flooding = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = flooding.accept(); OutputStream out = s.getOutputStream()) {
                    byte[] junk = new byte[1 << 16];
                    java.util.Arrays.fill(junk, (byte) 'x');
                    for (int i = 0; i < 100; i++) {
                        out.write(junk);
                    }
                } catch (Exception ignored) {
                    // the client hung up
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            WebhookClient.Result result = new WebhookClient(2000).post(
                    targets.check("http://127.0.0.1:" + flooding.getLocalPort() + "/"), List.of(), new byte[0]);
            assertEquals(0, result.status());
            assertTrue(result.error().contains("not an HTTP answer"), result.error());
        }
    }

    @Test
    void post_whenNothingListens_isAFailureNotAnException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        WebhookClient.Result result = new WebhookClient(1000).post(
                targets.check("http://127.0.0.1:" + port + "/"), List.of(), new byte[0]);
        assertFalse(result.ok());
        assertEquals("connection refused", result.error());
    }
}
