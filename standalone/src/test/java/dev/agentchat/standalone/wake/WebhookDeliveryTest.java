package dev.agentchat.standalone.wake;

import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WebhookReceiver;
import dev.agentchat.standalone.support.WsClient;
import dev.agentchat.webhook.WebhookSignature;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries end to end (SPEC §13) against real receivers on loopback (this deployment
 * allows private targets), with the retry schedule scaled down to a fraction of a second.
 */
@RunningServer(env = {
        "WEBHOOK_ALLOW_PRIVATE=true",
        "WEBHOOK_RETRY_SECONDS=0.3,0.3,0.3,0.3,0.3",
        "WEBHOOK_BATCH_WINDOW_MS=300",
        "WEBHOOK_MAX_FAILURES=5",
        "WEBHOOK_TIMEOUT_MS=2000"})
class WebhookDeliveryTest {
    private static final Path PYTHON_EXAMPLE = Path.of("").toAbsolutePath().getParent()
            .resolve("docs/webhook_receiver.py");

    @Inject
    private static Api api;
    @Inject
    private static AgentChatServer server;

    /** A room with an owner, a sleeping agent (the webhook's) and a talker. */
    private record Room(String id, Api.Human owner, String sleeperKey, String sleeperId, String talkerKey) {
    }

    private static Room room(String tag, String sleeperName) {
        Api.Human owner = api.newHuman(tag);
        String roomId = api.createRoom(owner.token(), tag).id();
        api.turnOffLoopGuard(roomId, owner.token());
        String sleeper = api.invite(roomId, owner.token(), sleeperName);
        String talker = api.invite(roomId, owner.token(), "Talker");
        String sleeperId = api.claim(roomId, sleeper);
        api.claim(roomId, talker);
        return new Room(roomId, owner, sleeper, sleeperId, talker);
    }

    private static String setWebhook(Room room, String url, String events) {
        Api.Res set = api.request("PUT", "/rooms/" + room.id() + "/webhook", room.sleeperKey(),
                obj("url", url, "events", events), Map.of());
        assertEquals(200, set.status(), set::toString);
        return set.text("secret");
    }

    private static long send(Room room, String content) {
        return api.send(room.id(), room.talkerKey(), content).path("seq").asLong();
    }

    @Test
    void message_whenAgentSleeps_reachesThePythonExampleWithin2sWithAValidSignature() throws Exception {
        Room room = room("wake-python", "Sleeper");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String secret = setWebhook(room, "http://127.0.0.1:" + port + "/hook", "all");
        ProcessBuilder builder = new ProcessBuilder("python3", PYTHON_EXAMPLE.toString(), "--port",
                Integer.toString(port)).redirectErrorStream(true);
        builder.environment().put("WEBHOOK_SECRET", secret);
        assertTrue(Files.exists(PYTHON_EXAMPLE), PYTHON_EXAMPLE::toString);
        Process python = builder.start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String listening = lines.poll(20, TimeUnit.SECONDS);
            assertTrue(listening != null && listening.contains("listening"), "python receiver did not start: "
                    + listening);
            long sentAt = System.nanoTime();
            long seq = send(room, "Wake up, Sleeper: there is work.");
            String verified = lines.poll(2, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - sentAt) / 1_000_000;
            assertTrue(verified != null, "no verified delivery within 2 s of the send");
            JsonNode line = Api.JSON.readTree(verified);
            assertTrue(line.path("verified").asBoolean(), verified);
            assertEquals("room.event", line.path("type").asText(), verified);
            assertEquals(room.id(), line.path("room").asText(), verified);
            assertEquals(seq, line.path("next_seq").asLong(), verified);
            assertTrue(millis < 2000, "took " + millis + " ms");
            System.out.println("[wake-latency] python example verified seq " + seq + " after " + millis + " ms");
            // The receiver prints its line before the server has recorded the answer: wait for it.
            Api.Res shown = api.get("/rooms/" + room.id() + "/webhook", room.sleeperKey());
            for (long until = System.nanoTime() + 5_000_000_000L;
                    shown.path("last_delivery").isNull() && System.nanoTime() < until; ) {
                Thread.sleep(50);
                shown = api.get("/rooms/" + room.id() + "/webhook", room.sleeperKey());
            }
            assertEquals(204, shown.path("last_delivery").path("status").asInt(), shown::toString);
        } finally {
            python.destroy();
            python.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void delivery_whenReceiverFailsThreeTimes_arrivesOnceMoreAfterTheRetries() throws Exception {
        Room room = room("wake-retry", "Sleeper");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String secret = setWebhook(room, receiver.url(), "all");
            receiver.failWith(500, 503, 500);
            long seq = send(room, "Retry me");
            receiver.await(r -> receiver.received().size() >= 4, 10_000);
            // Nothing after the success: wait longer than a retry would take.
            Thread.sleep(1500);
            List<WebhookReceiver.Received> got = receiver.received();
            assertEquals(4, got.size(), () -> "three failures and one success: " + got.size());
            String id = got.get(0).header("webhook-id");
            for (WebhookReceiver.Received r : got) {
                assertEquals(id, r.header("webhook-id"), "every retry is the same delivery");
                assertEquals(List.of(seq), r.events().stream().map(e -> e.path("seq").asLong()).toList());
                assertTrue(WebhookSignature.verify(secret, r.header("webhook-id"),
                        Long.parseLong(r.header("webhook-timestamp")), r.body(), r.header("webhook-signature")));
            }
            JsonNode shown = api.get("/rooms/" + room.id() + "/webhook", room.sleeperKey()).json();
            assertTrue(shown.path("last_delivery").path("ok").asBoolean(), shown::toString);
            assertEquals(0, shown.path("consecutive_failures").asInt(), shown::toString);
        }
    }

    @Test
    void burst_ofTwentyMessages_arrivesCoalescedInAFewDeliveriesAndNoneIsLost() throws Exception {
        Room room = room("wake-burst", "Sleeper");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            setWebhook(room, receiver.url(), "all");
            Set<Long> sent = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                sent.add(send(room, "Burst " + i));
            }
            receiver.await(r -> seqsOf(receiver).containsAll(sent), 15_000);
            Thread.sleep(800);
            int deliveries = receiver.received().size();
            System.out.println("[wake-burst] 20 messages arrived in " + deliveries + " deliveries");
            assertTrue(deliveries <= 10, "a burst of 20 should coalesce, got " + deliveries + " deliveries");
            assertTrue(receiver.received().stream().anyMatch(r -> r.json().has("events")),
                    "some delivery carries several events");
            List<Long> all = new ArrayList<>();
            receiver.received().forEach(r -> r.events().forEach(e -> all.add(e.path("seq").asLong())));
            assertEquals(new HashSet<>(all).size(), all.size(), "no seq delivered twice without a failure: " + all);
        }
    }

    private static Set<Long> seqsOf(WebhookReceiver receiver) {
        Set<Long> seqs = new HashSet<>();
        receiver.received().forEach(r -> r.events().forEach(e -> seqs.add(e.path("seq").asLong())));
        return seqs;
    }

    @Test
    void agent_withALiveSocket_getsNoWebhook() throws Exception {
        Room room = room("wake-socket", "Connected");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            setWebhook(room, receiver.url(), "all");
            try (WsClient socket = WsClient.openAndJoin(server, "connected", room.id(), room.sleeperKey())) {
                long seq = send(room, "You are online, no need to wake you");
                socket.awaitFrame(f -> f.path("seq").asLong() == seq && "message".equals(f.path("type").asText()),
                        Duration.ofSeconds(5));
                Thread.sleep(1500);
                assertEquals(0, receiver.received().size(), () -> "socket agent woken: "
                        + receiver.received().stream().map(WebhookReceiver.Received::text).toList());
            }
        }
    }

    @Test
    void mentionsOnly_wakesOnlyForMessagesMentioningTheAgent() throws Exception {
        Room room = room("wake-mentions", "Mira");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            setWebhook(room, receiver.url(), "mentions");
            send(room, "Just chatting, nobody in particular.");
            long mention = send(room, "@Mira could you look at this?");
            send(room, "Another unaddressed line.");
            receiver.await(r -> seqsOf(receiver).contains(mention), 5000);
            Thread.sleep(1000);
            assertEquals(Set.of(mention), seqsOf(receiver), "only the mention wakes it");
        }
    }

    @Test
    void webhook_whenItKeepsFailing_isDisabledWithASystemEvent() throws Exception {
        Room room = room("wake-disable", "Flaky");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            setWebhook(room, receiver.url(), "all");
            receiver.failWith(500, 500, 500, 500, 500, 500, 500, 500);
            send(room, "This one will never get through");
            long deadline = System.currentTimeMillis() + 15_000;
            JsonNode shown = null;
            while (System.currentTimeMillis() < deadline) {
                shown = api.get("/rooms/" + room.id() + "/webhook", room.sleeperKey()).json();
                if ("disabled".equals(shown.path("status").asText())) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals("disabled", shown.path("status").asText(), String.valueOf(shown));
            assertEquals(5, shown.path("consecutive_failures").asInt(), shown::toString);
            assertEquals(500, shown.path("last_delivery").path("status").asInt(), shown::toString);
            List<JsonNode> events = api.readAll(room.id(), room.talkerKey());
            assertTrue(events.stream().anyMatch(e -> "system".equals(e.path("type").asText())
                    && "webhook_disabled".equals(e.path("code").asText())
                    && e.path("content").asText().contains("Flaky")), events::toString);
            JsonNode info = api.roomInfo(room.id(), room.owner().token()).json();
            boolean ownerSees = false;
            for (JsonNode a : info.path("agents")) {
                if (room.sleeperId().equals(a.path("agent_id").asText())) {
                    ownerSees = "disabled".equals(a.path("webhook").path("status").asText());
                    assertFalse("webhook".equals(a.path("reachable").asText()), a::toString);
                }
            }
            assertTrue(ownerSees, info::toString);
            int attempts = receiver.received().size();
            Thread.sleep(1000);
            assertEquals(attempts, receiver.received().size(), "no deliveries once disabled");
        }
    }

    @Test
    void redirect_isNotFollowed() throws Exception {
        Room room = room("wake-redirect", "Sleeper");
        try (WebhookReceiver target = new WebhookReceiver(); WebhookReceiver redirecting = new WebhookReceiver()) {
            redirecting.redirectTo(target.url());
            setWebhook(room, redirecting.url(), "all");
            Api.Res test = api.post("/rooms/" + room.id() + "/webhook/test", room.sleeperKey(), null);
            assertEquals(302, test.path("status").asInt(), test::toString);
            assertFalse(test.path("ok").asBoolean(), test::toString);
            assertTrue(test.text("error").contains("redirects are not followed"), test::toString);
            Thread.sleep(300);
            assertEquals(0, target.received().size(), "the redirect target was never contacted");
        }
    }
}
