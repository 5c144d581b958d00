package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code wait=} long-polling: answers as soon as something new arrives, or empty at the deadline. */
@RunningServer
class LongPollTest {
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @Inject
    private static Api api;

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    /** A read and how long it took. */
    private record Timed(Api.Res res, long millis) {
    }

    private static CompletableFuture<Timed> readAsync(String roomId, String key, String query) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            Api.Res res = api.read(roomId, key, query);
            return new Timed(res, (System.nanoTime() - start) / 1_000_000);
        }, POOL);
    }

    private static Timed readTimed(String roomId, String key, String query) {
        long start = System.nanoTime();
        Api.Res res = api.read(roomId, key, query);
        return new Timed(res, (System.nanoTime() - start) / 1_000_000);
    }

    private record Setup(Api.Human owner, String roomId, String reader, String writer, long headSeq,
                         String headTs) {
    }

    private static Setup setup(String tag) {
        Api.Human owner = api.newHuman(tag);
        String roomId = api.createRoom(owner.token(), "Long poll " + tag).id();
        String reader = api.invite(roomId, owner.token(), "Reader");
        String writer = api.invite(roomId, owner.token(), "Writer");
        api.claim(roomId, reader);
        api.send(roomId, writer, "warming up");
        Api.Res head = api.read(roomId, reader, "");
        assertEquals(200, head.status(), head::toString);
        return new Setup(owner, roomId, reader, writer, head.path("next_seq").asLong(), head.text("next_since"));
    }

    @Test
    void afterSeq_returnsAsSoonAsAMessageArrives() throws Exception {
        Setup s = setup("seq");
        CompletableFuture<Timed> poll = readAsync(s.roomId(), s.reader(), "after_seq=" + s.headSeq() + "&wait=10");
        Thread.sleep(500);
        assertFalse(poll.isDone(), () -> "the long-poll answered before anything arrived: " + poll.join().res());
        JsonNode sent = Api.withoutRecipients(api.send(s.roomId(), s.writer(), "are you still there?"));

        Timed t = poll.get(15, TimeUnit.SECONDS);
        assertEquals(200, t.res().status(), t.res()::toString);
        assertEquals(List.of(sent), Api.list(t.res().path("messages")), t.res()::toString);
        assertEquals(sent.path("seq").asLong(), t.res().path("next_seq").asLong());
        assertEquals(sent.path("timestamp").asText(), t.res().text("next_since"));
        assertTrue(t.millis() >= 400, "it waited for the message: " + t.millis() + " ms");
        assertTrue(t.millis() < 5000, "it answered well before wait=10 ran out: " + t.millis() + " ms");
    }

    @Test
    void since_returnsAsSoonAsAMessageArrives() throws Exception {
        Setup s = setup("since");
        CompletableFuture<Timed> poll = readAsync(s.roomId(), s.reader(), "since=" + enc(s.headTs()) + "&wait=10");
        Thread.sleep(500);
        assertFalse(poll.isDone(), () -> "the long-poll answered before anything arrived: " + poll.join().res());
        JsonNode sent = Api.withoutRecipients(api.send(s.roomId(), s.writer(), "ping by timestamp"));

        Timed t = poll.get(15, TimeUnit.SECONDS);
        assertEquals(200, t.res().status(), t.res()::toString);
        assertEquals(List.of(sent), Api.list(t.res().path("messages")), t.res()::toString);
        assertEquals(sent.path("timestamp").asText(), t.res().text("next_since"));
        assertTrue(t.millis() >= 400 && t.millis() < 5000, "answered after " + t.millis() + " ms");
    }

    @Test
    void manyWaitingReaders_allWakeOnOneMessage() throws Exception {
        Setup s = setup("many");
        List<String> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String key = api.invite(s.roomId(), s.owner().token(), "Listener " + i);
            api.claim(s.roomId(), key);
            readers.add(key);
        }
        long head = api.read(s.roomId(), s.reader(), "").path("next_seq").asLong();
        List<CompletableFuture<Timed>> polls = new ArrayList<>();
        for (String key : readers) {
            polls.add(readAsync(s.roomId(), key, "after_seq=" + head + "&wait=10"));
        }
        Thread.sleep(500);
        JsonNode sent = Api.withoutRecipients(api.send(s.roomId(), s.writer(), "wake up, everyone"));
        for (CompletableFuture<Timed> poll : polls) {
            Timed t = poll.get(15, TimeUnit.SECONDS);
            assertEquals(List.of(sent), Api.list(t.res().path("messages")), t.res()::toString);
            assertTrue(t.millis() < 5000, "answered after " + t.millis() + " ms");
        }
    }

    @Test
    void nothingArriving_returnsEmptyAtTheDeadline_echoingTheCursor() {
        Setup s = setup("timeout");
        Timed bySeq = readTimed(s.roomId(), s.reader(), "after_seq=" + s.headSeq() + "&wait=1");
        assertEquals(200, bySeq.res().status(), bySeq.res()::toString);
        assertEquals(0, bySeq.res().path("messages").size(), bySeq.res()::toString);
        assertFalse(bySeq.res().path("has_more").asBoolean());
        assertEquals(s.headSeq(), bySeq.res().path("next_seq").asLong(), "next_seq echoes the cursor");
        assertTrue(bySeq.millis() >= 900, "it waited about wait=1 s: " + bySeq.millis() + " ms");
        assertTrue(bySeq.millis() < 4000, "it did not wait much longer than wait=1 s: " + bySeq.millis() + " ms");

        Timed bySince = readTimed(s.roomId(), s.reader(), "since=" + enc(s.headTs()) + "&wait=1");
        assertEquals(200, bySince.res().status(), bySince.res()::toString);
        assertEquals(0, bySince.res().path("messages").size(), bySince.res()::toString);
        assertEquals(s.headTs(), bySince.res().text("next_since"), "next_since echoes the cursor");
        assertTrue(bySince.millis() >= 900 && bySince.millis() < 4000, "waited " + bySince.millis() + " ms");

        // A cursor beyond the head is echoed too.
        Timed ahead = readTimed(s.roomId(), s.reader(), "after_seq=" + (s.headSeq() + 100) + "&wait=1");
        assertEquals(0, ahead.res().path("messages").size(), ahead.res()::toString);
        assertEquals(s.headSeq() + 100, ahead.res().path("next_seq").asLong());
    }

    @Test
    void somethingAlreadyThere_returnsAtOnce() {
        Setup s = setup("atonce");
        Timed behind = readTimed(s.roomId(), s.reader(), "after_seq=" + (s.headSeq() - 1) + "&wait=10");
        assertEquals(1, behind.res().path("messages").size(), behind.res()::toString);
        assertEquals(s.headSeq(), behind.res().path("next_seq").asLong());
        assertTrue(behind.millis() < 2000, "nothing to wait for, yet it took " + behind.millis() + " ms");

        Timed latest = readTimed(s.roomId(), s.reader(), "wait=10");
        assertTrue(latest.res().path("messages").size() > 0, latest.res()::toString);
        assertTrue(latest.millis() < 2000, "no cursor: the latest events at once, took " + latest.millis() + " ms");

        Timed backwards = readTimed(s.roomId(), s.reader(), "before_seq=1&wait=10");
        assertEquals(200, backwards.res().status(), backwards.res()::toString);
        assertEquals(0, backwards.res().path("messages").size(), backwards.res()::toString);
        assertTrue(backwards.millis() < 2000, "paging backwards never waits, took " + backwards.millis() + " ms");
    }
}
