package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ending a session ends what it opened: its watch sockets close and its long-polls stop waiting. */
@RunningServer
class LogoutTest {
    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void logout_closesTheSessionsWatchSocket_andEndsItsLongPoll() throws Exception {
        Rest.Human owner = rest.newHuman("logout");
        String roomId = rest.createRoom(owner.token(), "Watched");
        String writer = rest.invite(roomId, owner.token(), "Writer");
        long head = rest.send(roomId, writer, "before logout").path("seq").asLong();
        try (RawSocket watch = RawSocket.open(server.port())) {
            watch.sendJson(Rest.obj("type", "watch", "room", roomId, "token", owner.token()));
            watch.awaitType("watching", Duration.ofSeconds(10));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> poll = client.sendAsync(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/api/rooms/" + roomId + "/messages?after_seq=" + head + "&wait=20"))
                    .header("Authorization", "Bearer " + owner.token()).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);

            Rest.Res out = rest.post("/auth/logout", owner.token(), null);
            assertEquals(200, out.status(), out::toString);
            long start = System.nanoTime();
            rest.send(roomId, writer, "after logout");

            boolean closed = watch.endsWithin(Duration.ofSeconds(5));
            HttpResponse<String> polled = poll.get(10, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("LogoutTest: watch socket closed " + closed + "; the long-poll answered "
                    + polled.statusCode() + " " + millis + " ms after logout");
            assertTrue(closed, "the watch socket still receives after logout");
            assertEquals(401, polled.statusCode(), "a long-poll begun before logout answered " + polled.body());
        }
    }
}
