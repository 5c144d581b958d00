package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-agent limits on sending and on REST reads, with {@code Retry-After}. This server allows
 * bursts of 3 sends (then 6 a minute: one per 10 s) and 2 reads (then 1 a second).
 */
@RunningServer(env = {
        "LIMIT_SEND_BURST=3",
        "LIMIT_SEND_PER_MINUTE=6",
        "LIMIT_READ_BURST=2",
        "LIMIT_READS_PER_SECOND=1"})
class RateLimitTest {
    @Inject
    private static Api api;

    private record Setup(String roomId, String a, String b, String observer) {
    }

    /** A room with three claimed agents (claimed by heartbeat, which is not rate limited). */
    private static Setup setup(String tag) {
        Api.Human owner = api.newHuman(tag);
        String roomId = api.createRoom(owner.token(), "Limits " + tag).id();
        String a = api.invite(roomId, owner.token(), "A");
        String b = api.invite(roomId, owner.token(), "B");
        String observer = api.invite(roomId, owner.token(), "Observer");
        api.claim(roomId, a);
        api.claim(roomId, b);
        api.claim(roomId, observer);
        return new Setup(roomId, a, b, observer);
    }

    private static int retryAfter(Api.Res res) {
        String value = res.header("Retry-After");
        assertTrue(value != null && value.matches("\\d+"), () -> "Retry-After must be whole seconds: " + res);
        return Integer.parseInt(value);
    }

    @Test
    void send_burstThen429_withRetryAfter_perAgent() {
        Setup s = setup("send");
        for (int i = 1; i <= 3; i++) {
            api.send(s.roomId(), s.a(), "burst " + i);
        }
        Api.Res limited = api.sendRes(s.roomId(), s.a(), "burst 4");
        assertError(limited, 429, "RATE_LIMITED");
        int wait = retryAfter(limited);
        assertTrue(wait >= 1 && wait <= 10, "at 6 a minute the next token is at most 10 s away: " + wait);
        assertError(api.sendRes(s.roomId(), s.a(), "burst 5"), 429, "RATE_LIMITED");

        // B's budget is its own.
        api.send(s.roomId(), s.b(), "B is not limited by A");

        List<JsonNode> events = api.readAll(s.roomId(), s.observer());
        List<String> contents = events.stream().filter(e -> "message".equals(e.path("type").asText()))
                .map(e -> e.path("content").asText()).toList();
        assertEquals(List.of("burst 1", "burst 2", "burst 3", "B is not limited by A"), contents,
                "refused messages are not written");
    }

    @Test
    void send_refusedRequestsSpendNoTokens() {
        Setup s = setup("refused");
        for (int i = 0; i < 3; i++) {
            assertError(api.sendRes(s.roomId(), s.a(), "x".repeat(5000)), 413, "PAYLOAD_TOO_LARGE");
            assertError(api.sendRes(s.roomId(), s.a(), " "), 400, "BAD_REQUEST");
        }
        for (int i = 1; i <= 3; i++) {
            api.send(s.roomId(), s.a(), "valid " + i);
        }
        assertError(api.sendRes(s.roomId(), s.a(), "valid 4"), 429, "RATE_LIMITED");
    }

    @Test
    void send_idempotentReplayIsAnsweredEvenWhenLimited() {
        Setup s = setup("replay");
        Api.Res first = api.sendRes(s.roomId(), s.a(), "important", "op-1");
        assertEquals(201, first.status(), first::toString);
        api.send(s.roomId(), s.a(), "two");
        api.send(s.roomId(), s.a(), "three");
        assertError(api.sendRes(s.roomId(), s.a(), "four"), 429, "RATE_LIMITED");

        // A client retrying a request whose answer it lost gets that answer: the repeat writes nothing.
        Api.Res replay = api.sendRes(s.roomId(), s.a(), "important", "op-1");
        assertEquals(201, replay.status(), replay::toString);
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(first.json(), replay.json());
    }

    /**
     * The send limit lives on the key and is spent by the message's own transaction: sends of one
     * agent racing on the same read of it still spend each token once (the rest are decided again).
     */
    @Test
    void send_concurrentSendsOfOneAgent_spendTheBurstExactlyOnce() throws Exception {
        Setup s = setup("race");
        int tries = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(tries);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Api.Res>> answers = new java.util.ArrayList<>();
        try {
            for (int i = 1; i <= tries; i++) {
                String content = "race " + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.sendRes(s.roomId(), s.a(), content);
                }));
            }
            go.countDown();
            java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (java.util.concurrent.Future<Api.Res> answer : answers) {
                Api.Res res = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                statuses.merge(res.status(), 1, Integer::sum);
                if (res.status() != 201) {
                    assertError(res, 429, "RATE_LIMITED");
                }
            }
            assertEquals(java.util.Map.of(201, 3, 429, tries - 3), statuses, "a burst of 3, whatever the race");
        } finally {
            pool.shutdownNow();
        }
        long written = api.readAll(s.roomId(), s.observer()).stream()
                .filter(e -> "message".equals(e.path("type").asText())).count();
        assertEquals(3, written, "only the allowed sends are written");
    }

    @Test
    void read_burstThen429_withRetryAfter_thenAllowedAgain() throws Exception {
        Setup s = setup("read");
        Api.Res r1 = api.read(s.roomId(), s.a(), "after_seq=0");
        Api.Res r2 = api.read(s.roomId(), s.a(), "after_seq=0");
        Api.Res r3 = api.read(s.roomId(), s.a(), "after_seq=0");
        assertEquals(200, r1.status(), r1::toString);
        assertEquals(200, r2.status(), r2::toString);
        assertError(r3, 429, "RATE_LIMITED");
        int wait = retryAfter(r3);
        assertTrue(wait >= 1 && wait <= 2, "at 1 read a second the next read is about 1 s away: " + wait);

        // Another agent's reads are counted separately.
        Api.Res other = api.read(s.roomId(), s.b(), "after_seq=0");
        assertEquals(200, other.status(), other::toString);

        // Waiting as told is enough (the timing is the point here).
        Thread.sleep(wait * 1000L + 100);
        Api.Res again = api.read(s.roomId(), s.a(), "after_seq=0");
        assertEquals(200, again.status(), () -> "after Retry-After the read is allowed: " + again);
        assertEquals(r1.path("messages"), again.path("messages"));
    }
}
