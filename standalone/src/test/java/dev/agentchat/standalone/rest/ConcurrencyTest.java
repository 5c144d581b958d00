package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.enc;
import static dev.agentchat.standalone.support.Api.obj;
import static dev.agentchat.standalone.support.Api.range;
import static dev.agentchat.standalone.support.Api.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many agents at once: concurrent senders while pollers follow with each cursor; concurrent
 * first uses of one key; concurrent claims and invites against the room's limits.
 */
@RunningServer
class ConcurrencyTest {
    private static final String EPOCH = "1970-01-01T00:00:00.000Z";

    @Inject
    private static Api api;

    /** What a poller saw, and anything that went wrong while it polled. */
    private record Polled(List<JsonNode> events, List<String> problems) {
    }

    @Test
    void concurrentSenders_pollersSeeEveryAckedMessageExactlyOnce_inOrder_gapFree() throws Exception {
        int senders = 6;
        int perSender = 30;
        Api.Human owner = api.newHuman("conc");
        String roomId = api.createRoom(owner.token(), "Busy room").id();
        api.turnOffLoopGuard(roomId, owner.token()); // 180 agent messages in a row, past the default budget
        List<String> senderKeys = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            senderKeys.add(api.invite(roomId, owner.token(), "Sender " + i));
        }
        String sincePoller = api.invite(roomId, owner.token(), "Since poller");
        String seqPoller = api.invite(roomId, owner.token(), "Seq poller");
        List<String> everyone = new ArrayList<>(senderKeys);
        everyone.add(sincePoller);
        everyone.add(seqPoller);
        for (String key : everyone) {
            api.claim(roomId, key);
        }
        int joins = everyone.size();

        AtomicBoolean sendersDone = new AtomicBoolean();
        Map<String, JsonNode> acked = new ConcurrentHashMap<>();
        List<String> sendProblems = new CopyOnWriteArrayList<>();
        AtomicInteger busyRetries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders + 2);

        Future<Polled> bySince = pool.submit(() -> poll(roomId, sincePoller, "since", EPOCH, 7, sendersDone));
        Future<Polled> bySeq = pool.submit(() -> poll(roomId, seqPoller, "after_seq", "0", 25, sendersDone));

        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> sending = new ArrayList<>();
        for (int n = 0; n < senders; n++) {
            int sender = n;
            sending.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perSender; i++) {
                    String content = "s" + sender + "-" + i;
                    for (int attempt = 0; ; attempt++) {
                        Api.Res res = api.sendRes(roomId, senderKeys.get(sender), content);
                        if (res.status() == 201) {
                            // A send also says who it reached; the stored message (what reads return) does not.
                            acked.put(res.path("id").asText(), Api.withoutRecipients(res.json()));
                            break;
                        }
                        if (res.status() == 429 && attempt < 50) {
                            busyRetries.incrementAndGet();
                            Thread.sleep(50);
                            continue;
                        }
                        sendProblems.add(res.toString());
                        break;
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : sending) {
            f.get(120, TimeUnit.SECONDS);
        }
        sendersDone.set(true);
        Polled since = bySince.get(120, TimeUnit.SECONDS);
        Polled seq = bySeq.get(120, TimeUnit.SECONDS);
        pool.shutdown();

        assertEquals(List.of(), sendProblems, "every send is eventually acknowledged (429 retried " + busyRetries + "x)");
        assertEquals(senders * perSender, acked.size());
        int total = joins + senders * perSender;
        // The acknowledgements themselves are gap-free and unique.
        List<Long> ackedSeqs = acked.values().stream().map(m -> m.path("seq").asLong()).sorted().toList();
        assertEquals(range(joins + 1, total), ackedSeqs, "acknowledged seqs follow the joins without gaps");

        checkPolled("since", since, acked, total, senders, perSender);
        checkPolled("after_seq", seq, acked, total, senders, perSender);
        assertEquals(since.events(), seq.events(), "both cursors see the same history");
        assertEquals(seq.events(), api.readAll(roomId, seqPoller), "and so does a final read");
    }

    private static Polled poll(String roomId, String key, String cursorName, String initial, int limit,
                               AtomicBoolean sendersDone) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String cursor = initial;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            boolean doneBefore = sendersDone.get();
            Api.Res res = api.read(roomId, key, cursorName + "=" + enc(cursor) + "&limit=" + limit + "&wait=1");
            if (res.status() != 200) {
                problems.add(res.toString());
                Thread.sleep(50);
                continue;
            }
            List<JsonNode> page = Api.list(res.path("messages"));
            if (page.size() > limit) {
                problems.add("page larger than limit: " + res);
            }
            long lastSeq = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).path("seq").asLong();
            if (!page.isEmpty() && page.get(0).path("seq").asLong() <= lastSeq) {
                // The cursor did not move past what was already seen: a repeat (and, left alone, a loop).
                problems.add("after seq " + lastSeq + " the cursor " + cursor + " returned " + seqs(page));
                seen.addAll(page);
                return new Polled(seen, problems);
            }
            seen.addAll(page);
            String next = "since".equals(cursorName) ? res.text("next_since") : res.path("next_seq").asText();
            if (page.isEmpty()) {
                if (!cursor.equals(next) && !("since".equals(cursorName) && cursor.equals(EPOCH))) {
                    problems.add("an empty page must echo the cursor " + cursor + ": " + res);
                }
                if (doneBefore) {
                    return new Polled(seen, problems);
                }
            } else {
                JsonNode last = page.get(page.size() - 1);
                String expected = "since".equals(cursorName) ? last.path("timestamp").asText() : last.path("seq").asText();
                if (!expected.equals(next)) {
                    problems.add("cursor is not the last message's: " + res);
                }
                cursor = next;
            }
        }
        problems.add("the poller did not catch up before its deadline");
        return new Polled(seen, problems);
    }

    private static void checkPolled(String name, Polled polled, Map<String, JsonNode> acked, int total, int senders,
                                    int perSender) {
        assertEquals(List.of(), polled.problems(), name + " poller problems");
        List<JsonNode> events = polled.events();
        List<Long> seqs = seqs(events);
        assertEquals(range(1, total), seqs, name + " poller: every seq once, in order, no gaps");

        Set<String> ids = new HashSet<>();
        for (JsonNode e : events) {
            assertTrue(ids.add(e.path("id").asText()), name + " poller saw a message twice: " + e);
        }
        Map<String, JsonNode> messages = events.stream().filter(e -> "message".equals(e.path("type").asText()))
                .collect(Collectors.toMap(e -> e.path("id").asText(), e -> e));
        assertEquals(acked.keySet(), messages.keySet(), name + " poller: exactly the acknowledged messages");
        for (Map.Entry<String, JsonNode> entry : acked.entrySet()) {
            assertEquals(entry.getValue(), messages.get(entry.getKey()), name + ": read as acknowledged");
        }
        for (int i = 1; i < events.size(); i++) {
            String before = events.get(i - 1).path("timestamp").asText();
            String after = events.get(i).path("timestamp").asText();
            assertTrue(before.compareTo(after) < 0, name + " poller: timestamps strictly increase: " + before + " " + after);
        }
        // Each sender's messages appear in the order it sent them.
        Map<String, List<String>> bySender = new TreeMap<>();
        for (JsonNode e : messages.values().stream().sorted((a, b) -> Long.compare(a.path("seq").asLong(),
                b.path("seq").asLong())).toList()) {
            String content = e.path("content").asText();
            bySender.computeIfAbsent(content.substring(0, content.indexOf('-')), k -> new ArrayList<>()).add(content);
        }
        assertEquals(senders, bySender.size());
        bySender.forEach((sender, contents) -> {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perSender; i++) {
                expected.add(sender + "-" + i);
            }
            assertEquals(expected, contents, name + " poller: " + sender + "'s messages in send order");
        });
    }

    @Test
    void concurrentFirstUsesOfOneKey_claimItOnce() throws Exception {
        Api.Human owner = api.newHuman("firstuse");
        Api.Room room = api.createRoom(owner.token(), "First use");
        String key = api.invite(room.id(), owner.token(), null);
        int threads = 8;
        List<Api.Res> results = runConcurrently(threads, i -> () -> api.sendRes(room.id(), key, "hello #" + i));

        Set<String> agentIds = new HashSet<>();
        for (Api.Res r : results) {
            assertEquals(201, r.status(), () -> "every concurrent first use succeeds: " + results);
            agentIds.add(r.path("agent_id").asText());
        }
        assertEquals(1, agentIds.size(), () -> "one key, one agent: " + results);
        String agentId = agentIds.iterator().next();

        List<JsonNode> events = api.readAll(room.id(), key);
        assertEquals(range(1, threads + 1), seqs(events), events::toString);
        List<JsonNode> joinEvents = events.stream().filter(e -> "join".equals(e.path("type").asText())).toList();
        assertEquals(1, joinEvents.size(), () -> "exactly one join: " + events);
        assertEquals(agentId, joinEvents.get(0).path("agent_id").asText());
        assertEquals(1, events.get(0).path("seq").asLong());
        assertEquals("join", events.get(0).path("type").asText(), "the join comes before the agent's messages");
        Api.Res info = api.roomInfo(room.id(), owner.token());
        assertEquals(1, info.path("agents").size(), info::toString);
    }

    @Test
    void concurrentClaims_respectMaxMembers() throws Exception {
        Api.Human owner = api.newHuman("claims");
        Api.Room room = api.createRoom(owner.token(), obj("name", "Three seats", "max_members", 3));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            keys.add(api.invite(room.id(), owner.token(), "Candidate " + i));
        }
        List<Api.Res> results = runConcurrently(keys.size(), i -> () -> api.heartbeat(room.id(), keys.get(i), null));

        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> winners = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Api.Res r = results.get(i);
            statuses.merge(r.status(), 1, Integer::sum);
            if (r.status() == 200) {
                winners.add(keys.get(i));
            } else {
                Api.assertError(r, 409, "ROOM_FULL");
            }
        }
        assertEquals(Map.of(200, 3, 409, 4), statuses, () -> "exactly max_members claims win: " + results);

        List<JsonNode> events = api.readAll(room.id(), winners.get(0));
        assertEquals(range(1, 3), seqs(events), events::toString);
        assertTrue(events.stream().allMatch(e -> "join".equals(e.path("type").asText())), events::toString);
        assertEquals(3, api.roomInfo(room.id(), owner.token()).path("agents").size());
    }

    @Test
    void concurrentInvites_respectTheKeyLimit() throws Exception {
        Api.Human owner = api.newHuman("invites");
        Api.Room room = api.createRoom(owner.token(), "Many keys");
        // 25 keys per room by default, the admin key included: 24 invites fit.
        List<Api.Res> results = runConcurrently(30,
                i -> () -> api.inviteRes(room.id(), owner.token(), obj("label", "Invitee " + i)));
        Map<Integer, Integer> statuses = new TreeMap<>();
        results.forEach(r -> statuses.merge(r.status(), 1, Integer::sum));
        assertEquals(Map.of(201, 24, 409, 6), statuses, () -> "statuses " + statuses + ": " + results.stream()
                .filter(r -> r.status() != 201).map(Api.Res::toString).collect(Collectors.joining("\n")));
        results.stream().filter(r -> r.status() == 409).forEach(r -> Api.assertError(r, 409, "LIMIT_EXCEEDED"));
        Set<String> keys = results.stream().filter(r -> r.status() == 201).map(r -> r.text("key"))
                .collect(Collectors.toSet());
        assertEquals(24, keys.size(), "distinct keys");
    }

    @Test
    void invitesWhileAgentsChat_bothSucceed() throws Exception {
        Api.Human owner = api.newHuman("mixed");
        Api.Room room = api.createRoom(owner.token(), "Mixed");
        String a = api.invite(room.id(), owner.token(), "Chatty A");
        String b = api.invite(room.id(), owner.token(), "Chatty B");
        api.claim(room.id(), a);
        api.claim(room.id(), b);
        // Invites and messages both touch the room; neither may fail because the other is happening.
        List<Api.Res> results = runConcurrently(30, i -> i % 3 == 0
                ? () -> api.inviteRes(room.id(), owner.token(), obj("label", "Late " + i))
                : () -> api.sendRes(room.id(), i % 3 == 1 ? a : b, "chat " + i));
        Map<Integer, Integer> statuses = new TreeMap<>();
        results.forEach(r -> statuses.merge(r.status(), 1, Integer::sum));
        assertEquals(Map.of(201, 30), statuses, () -> "statuses " + statuses + ": " + results.stream()
                .filter(r -> r.status() != 201).map(Api.Res::toString).collect(Collectors.joining("\n")));
        List<JsonNode> events = api.readAll(room.id(), a);
        assertEquals(range(1, 2 + 20), seqs(events));
    }

    @Test
    void concurrentRoomCreation_respectsRoomsPerUser() throws Exception {
        Api.Human owner = api.newHuman("roomrace");
        // 20 rooms per user by default.
        List<Api.Res> results = runConcurrently(24, i -> () -> api.createRoomRes(owner.token(), obj("name", "Race " + i)));
        Map<Integer, Integer> statuses = new TreeMap<>();
        results.forEach(r -> statuses.merge(r.status(), 1, Integer::sum));
        assertEquals(Map.of(201, 20, 409, 4), statuses, () -> "statuses " + statuses + ": " + results.stream()
                .filter(r -> r.status() != 201).map(Api.Res::toString).collect(Collectors.joining("\n")));
        assertEquals(20, api.get("/rooms", owner.token()).path("rooms").size());
    }

    /** Runs {@code n} requests as simultaneously as possible; results in index order. */
    private static List<Api.Res> runConcurrently(int n, java.util.function.IntFunction<Supplier<Api.Res>> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Res>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Supplier<Api.Res> call = request.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.get();
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            List<Api.Res> results = new ArrayList<>();
            for (Future<Api.Res> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return Collections.unmodifiableList(results);
        } finally {
            pool.shutdownNow();
        }
    }
}
