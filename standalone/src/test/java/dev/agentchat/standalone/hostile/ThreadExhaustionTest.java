package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request threads cannot be used up by clients that hold requests open: bodies that dribble in
 * and piles of long-polls leave {@code /api/health} (and everyone else) answering at once.
 */
@RunningServer
class ThreadExhaustionTest {
    private static final int HOLDERS = 300;
    private static final HttpClient HEALTH = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void bodiesDribblingIn_leaveHealthAndHandshakesAnswering() throws Exception {
        timeHealth();
        timeHandshake();
        List<Socket> dribblers = new ArrayList<>();
        try {
            for (int i = 0; i < HOLDERS; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                dribblers.add(socket);
            }
            long health = 0;
            long handshake = 0;
            for (int round = 0; round < 3; round++) {
                for (Socket socket : dribblers) {
                    dribble(socket);
                }
                health = Math.max(health, timeHealth());
                handshake = Math.max(handshake, timeHandshake());
            }
            System.out.println("ThreadExhaustionTest: " + HOLDERS + " dribbling bodies; slowest health " + health
                    + " ms, slowest WebSocket handshake and ping " + handshake + " ms");
            assertTrue(health < 1000, "with " + HOLDERS + " bodies dribbling in, /api/health took " + health + " ms");
            assertTrue(handshake < 1000, "with " + HOLDERS + " bodies dribbling in, a WebSocket took " + handshake + " ms");
        } finally {
            for (Socket socket : dribblers) {
                socket.close();
            }
        }
    }

    @Test
    void pilesOfLongPolls_leaveHealthAnswering_andEachCallerWaitsAFewAtATime() throws Exception {
        Rest.Human owner = rest.newHuman("polls");
        String roomId = rest.createRoom(owner.token(), "Polled");
        String writer = rest.invite(roomId, owner.token(), "Writer");
        long head = rest.send(roomId, writer, "before the polls").path("seq").asLong();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest poll = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/rooms/" + roomId
                        + "/messages?after_seq=" + head + "&wait=20"))
                .header("Authorization", "Bearer " + owner.token())
                .timeout(Duration.ofSeconds(30))
                .build();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < HOLDERS; i++) {
            polls.add(client.sendAsync(poll, HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(1_000);
        long worst = 0;
        for (int round = 0; round < 3; round++) {
            worst = Math.max(worst, timeHealth());
        }
        System.out.println("ThreadExhaustionTest: " + HOLDERS + " long-polls by one owner waiting; slowest health "
                + worst + " ms");
        assertTrue(worst < 1000, "with " + HOLDERS + " long-polls waiting, /api/health took " + worst + " ms");
        rest.send(roomId, writer, "the news");
        int answered = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> future : polls) {
            HttpResponse<String> response = future.get(30, TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
                assertTrue(response.body().contains("the news"), response::body);
                answered++;
            } else {
                assertEquals(429, response.statusCode(), response::body);
                assertTrue(response.headers().firstValue("Retry-After").isPresent(), response::body);
                refused++;
            }
        }
        System.out.println("ThreadExhaustionTest: " + HOLDERS + " long-polls by one owner: " + answered + " waited, "
                + refused + " refused at once");
        assertTrue(answered >= 1 && answered <= 5, answered + " long-polls of one caller waited at once");
    }

    private static void dribble(Socket socket) {
        try {
            socket.getOutputStream().write(' ');
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // The server may end a body that takes too long: that is allowed.
        }
    }

    private static long timeHandshake() {
        long start = System.nanoTime();
        try (RawSocket ws = RawSocket.open(server.port())) {
            ws.sendJson(Rest.obj("type", "ping"));
            ws.awaitType("pong", Duration.ofSeconds(5));
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long timeHealth() {
        long start = System.nanoTime();
        try {
            HttpResponse<String> health = HEALTH.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health::body);
        } catch (IOException e) {
            return 5_000;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
