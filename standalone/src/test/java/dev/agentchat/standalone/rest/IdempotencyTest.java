package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static dev.agentchat.standalone.support.Api.range;
import static dev.agentchat.standalone.support.Api.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} on sends, or {@code client_id} in the body (for clients that cannot set
 * headers): a repeat returns the first result and writes nothing.
 */
@RunningServer
class IdempotencyTest {
    @Inject
    private static Api api;

    private record Setup(String roomId, String keyA, String keyB) {
    }

    private static Setup setup(String tag) {
        Api.Human owner = api.newHuman(tag);
        String roomId = api.createRoom(owner.token(), "Idempotency " + tag).id();
        String a = api.invite(roomId, owner.token(), "A");
        String b = api.invite(roomId, owner.token(), "B");
        api.claim(roomId, a);
        api.claim(roomId, b);
        return new Setup(roomId, a, b);
    }

    @Test
    void repeat_returnsTheFirstResult_andWritesNothing() {
        Setup s = setup("repeat");
        Api.Res first = api.sendRes(s.roomId(), s.keyA(), "exactly once", "op-42");
        assertEquals(201, first.status(), first::toString);
        assertNull(first.header("Idempotent-Replayed"), "the first request is not a replay");
        List<JsonNode> afterFirst = api.readAll(s.roomId(), s.keyB());

        for (int i = 0; i < 3; i++) {
            Api.Res again = api.sendRes(s.roomId(), s.keyA(), "exactly once", "op-42");
            assertEquals(201, again.status(), again::toString);
            assertEquals("true", again.header("Idempotent-Replayed"), again::toString);
            assertEquals(first.json(), again.json(), "same body: same id, seq and timestamp");
        }
        assertEquals(afterFirst, api.readAll(s.roomId(), s.keyB()), "a replay writes nothing");

        // Nothing was consumed from the room's sequence either: the next message follows directly.
        JsonNode next = api.send(s.roomId(), s.keyA(), "next");
        assertEquals(first.path("seq").asLong() + 1, next.path("seq").asLong());
        List<JsonNode> all = api.readAll(s.roomId(), s.keyB());
        assertEquals(range(1, all.size()), seqs(all));
        assertEquals(1, all.stream().filter(e -> "exactly once".equals(e.path("content").asText())).count());
    }

    @Test
    void conflictingReuse_is409_andWritesNothing() {
        Setup s = setup("conflict");
        Api.Res first = api.sendRes(s.roomId(), s.keyA(), "version one", "op-1");
        assertEquals(201, first.status(), first::toString);
        List<JsonNode> before = api.readAll(s.roomId(), s.keyB());

        assertError(api.sendRes(s.roomId(), s.keyA(), "version two", "op-1"), 409, "CONFLICT");
        assertEquals(before, api.readAll(s.roomId(), s.keyB()));

        // The original is still what the key answers.
        Api.Res replay = api.sendRes(s.roomId(), s.keyA(), "version one", "op-1");
        assertEquals(201, replay.status(), replay::toString);
        assertEquals(first.json(), replay.json());
    }

    @Test
    void keysAreScopedPerAgent_andOptional() {
        Setup s = setup("scope");
        JsonNode a = api.sendRes(s.roomId(), s.keyA(), "same words", "shared-key").json();
        Api.Res b = api.sendRes(s.roomId(), s.keyB(), "same words", "shared-key");
        assertEquals(201, b.status(), b::toString);
        assertNull(b.header("Idempotent-Replayed"), "another agent's key space is its own: " + b);
        assertNotEquals(a.path("id").asText(), b.path("id").asText());
        assertNotEquals(a.path("agent_id").asText(), b.path("agent_id").asText());

        // Without a key, identical sends are two messages.
        JsonNode x1 = api.send(s.roomId(), s.keyA(), "no key");
        JsonNode x2 = api.send(s.roomId(), s.keyA(), "no key");
        assertNotEquals(x1.path("id").asText(), x2.path("id").asText());
        assertEquals(x1.path("seq").asLong() + 1, x2.path("seq").asLong());
    }

    @Test
    void concurrentRepeats_writeExactlyOneMessage() throws Exception {
        Setup s = setup("concurrent");
        int threads = 8;
        for (int round = 0; round < 3; round++) {
            String idemKey = "parallel-" + round;
            String content = "only one of these, round " + round;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Api.Res>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.sendRes(s.roomId(), s.keyA(), content, idemKey);
                }));
            }
            start.countDown();
            List<Api.Res> results = new ArrayList<>();
            for (Future<Api.Res> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();

            Set<String> ids = new HashSet<>();
            int originals = 0;
            for (Api.Res r : results) {
                assertEquals(201, r.status(), () -> "every concurrent repeat gets the first result: " + results);
                ids.add(r.path("id").asText());
                if (r.header("Idempotent-Replayed") == null) {
                    originals++;
                }
            }
            assertEquals(1, ids.size(), () -> "all answers carry the same message: " + results);
            assertEquals(1, originals, () -> "exactly one request did the write: " + results);

            List<JsonNode> all = api.readAll(s.roomId(), s.keyB());
            assertEquals(1, all.stream().filter(e -> content.equals(e.path("content").asText())).count(),
                    () -> "exactly one message was written: " + all);
            assertEquals(range(1, all.size()), seqs(all), "no seq was burnt by the losers");
        }
    }

    @Test
    void clientIdInTheBody_isTheSameIdempotencyKey() {
        Setup s = setup("client-id");
        String path = "/rooms/" + s.roomId() + "/messages";
        Api.Res first = api.post(path, s.keyA(), obj("content", "once by body", "client_id", "gpt-7"));
        assertEquals(201, first.status(), first::toString);
        assertNull(first.header("Idempotent-Replayed"));
        List<JsonNode> before = api.readAll(s.roomId(), s.keyB());

        Api.Res again = api.post(path, s.keyA(), obj("content", "once by body", "client_id", "gpt-7"));
        assertEquals(201, again.status(), again::toString);
        assertEquals("true", again.header("Idempotent-Replayed"), again::toString);
        assertEquals(first.json(), again.json());
        // One key space: the header with the same value is the same request too.
        Api.Res byHeader = api.sendRes(s.roomId(), s.keyA(), "once by body", "gpt-7");
        assertEquals("true", byHeader.header("Idempotent-Replayed"), byHeader::toString);
        assertEquals(first.json(), byHeader.json());
        // Both, agreeing, are fine.
        Api.Res both = api.request("POST", path, s.keyA(), obj("content", "once by body", "client_id", "gpt-7"),
                Map.of("Idempotency-Key", "gpt-7"));
        assertEquals(first.json(), both.json(), both::toString);
        // Reused for other words: 409, as with the header.
        assertError(api.post(path, s.keyA(), obj("content", "other words", "client_id", "gpt-7")), 409, "CONFLICT");
        assertEquals(before, api.readAll(s.roomId(), s.keyB()), "no repeat wrote anything");
    }

    @Test
    void clientIdAndHeaderThatDiffer_areRefused_andWriteNothing() {
        Setup s = setup("client-id-differs");
        String path = "/rooms/" + s.roomId() + "/messages";
        List<JsonNode> before = api.readAll(s.roomId(), s.keyB());
        Api.Res refused = api.request("POST", path, s.keyA(), obj("content", "which one?", "client_id", "a-1"),
                Map.of("Idempotency-Key", "b-2"));
        assertError(refused, 400, "BAD_REQUEST");
        assertTrue(refused.path("error").path("message").asText().contains("client_id"), refused::toString);
        // A client_id that is no idempotency key at all is refused like a bad header.
        assertError(api.post(path, s.keyA(), obj("content", "bad id", "client_id", "has spaces in it")), 400, "BAD_REQUEST");
        assertError(api.post(path, s.keyA(), obj("content", "bad id", "client_id", "x".repeat(256))), 400, "BAD_REQUEST");
        assertError(api.post(path, s.keyA(), obj("content", "bad id", "client_id", 42)), 400, "BAD_REQUEST");
        assertEquals(before, api.readAll(s.roomId(), s.keyB()), "nothing written");
    }
}
