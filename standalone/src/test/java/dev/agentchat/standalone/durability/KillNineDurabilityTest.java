package dev.agentchat.standalone.durability;

import static dev.agentchat.standalone.support.Api.range;
import static dev.agentchat.standalone.support.Api.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.StandaloneServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of a file-backed standalone server under {@code kill -9}: a send load runs against
 * a server in its own process, the process is killed with SIGKILL mid-load (right after one of
 * the senders got an acknowledgement), and after a restart
 * on the same data every acknowledged message is there exactly once and in order, the room's
 * sequence has no gaps, and retrying the unacknowledged sends with their idempotency keys
 * stores each exactly once. Three kill cycles on one data directory.
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "destroyForcibly is SIGKILL only on Unix")
class KillNineDurabilityTest {
    private static final int SENDERS = 4;
    private static final int CYCLES = 3;
    private static final long MIN_LOAD_MILLIS = 1500;
    private static final long MAX_LOAD_MILLIS = 3000;
    /** How long the armed kill waits for the next acknowledgement before it kills anyway. */
    private static final long ACK_WAIT_MILLIS = 10_000;

    @TempDir
    Path work;

    /** One send as the client made it: who, its place in that sender's sequence, and its key. */
    private record Send(int sender, int ordinal, int cycle, String content) {
        String idempotencyKey() {
            return content;
        }
    }

    /** What the server answered to an acknowledged (201) send. */
    private record Ack(Send send, long seq, String id) {
    }

    /** Everything the clients know across all cycles. */
    private static final class Ledger {
        final List<Send> sent = new ArrayList<>();
        final Map<String, Ack> acked = new HashMap<>();
        final Set<String> retried = new HashSet<>();
        final int[] nextOrdinal = new int[SENDERS];
    }

    @Test
    void killNine_midLoad_keepsEveryAckedMessageExactlyOnce_andRetriesStoreTheRestOnce() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> env = StandaloneServerExtension.generousEnv();
        Random random = new Random();
        Ledger ledger = new Ledger();

        ServerProcess server = ServerProcess.start(data, work.resolve("server-0.log"), env);
        String roomId;
        List<String> keys = new ArrayList<>();
        try {
            Api api = server.api();
            Api.Human owner = api.newHuman("kill9");
            roomId = api.createRoom(owner.token(), "Kill -9").id();
            for (int i = 0; i < SENDERS; i++) {
                String key = api.invite(roomId, owner.token(), "sender-" + i);
                api.claim(roomId, key);
                keys.add(key);
            }
        } catch (Throwable e) {
            server.close();
            throw e;
        }

        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            long loadMillis = MIN_LOAD_MILLIS + random.nextInt((int) (MAX_LOAD_MILLIS - MIN_LOAD_MILLIS));
            List<Send> unacked;
            try {
                unacked = loadThenKill(server, roomId, keys, cycle, loadMillis, ledger);
            } finally {
                server.close();
            }
            String leftBehind = describe(data);

            long restartStarted = System.nanoTime();
            server = ServerProcess.start(data, work.resolve("server-" + cycle + ".log"), env);
            long restartMillis = (System.nanoTime() - restartStarted) / 1_000_000;
            try {
                Api api = server.api();
                String context = "cycle " + cycle + " (" + loadMillis + " ms of load, " + ledger.acked.size()
                        + " acked so far, " + unacked.size() + " unacked now; data dir after the kill: "
                        + leftBehind + ")";
                Map<String, JsonNode> stored = checkHistory(api, roomId, keys.get(0), ledger, context);
                int replays = retry(api, roomId, keys, unacked, stored, ledger, context);
                Map<String, JsonNode> after = checkHistory(api, roomId, keys.get(0), ledger, context + " after retries");
                resendNewest(api, roomId, keys, after, context);
                assertEquals(after, checkHistory(api, roomId, keys.get(0), ledger, context + " after resends"),
                        "resending acked messages must write nothing");
                for (Send send : ledger.sent) {
                    assertNotNull(after.get(send.content()), () -> send + " is missing after its retry, " + context);
                }
                System.out.printf("kill -9 cycle %d: %d ms of load, %d messages acked in all, %d unacked retried"
                        + " (%d had been stored before the kill); data dir after the kill %s; restart took %d ms%n",
                        cycle, loadMillis, ledger.acked.size() - unacked.size(), unacked.size(), replays, leftBehind,
                        restartMillis);
            } catch (Throwable e) {
                server.close();
                throw new AssertionError(e.getMessage() + "\nserver log:\n" + server.output(), e);
            }
        }
        server.close();
        assertTrue(ledger.acked.size() > CYCLES * SENDERS, "the load acknowledged too little to mean anything: "
                + ledger.acked.size());
    }

    /**
     * Runs {@link #SENDERS} sequential senders against the server for {@code loadMillis}, then
     * kills it with SIGKILL as soon as the next 201 arrives, while the others are still sending;
     * returns the sends that got no 201.
     */
    private static List<Send> loadThenKill(ServerProcess server, String roomId, List<String> keys, int cycle,
                                           long loadMillis, Ledger ledger) throws Exception {
        Api api = server.api();
        AtomicBoolean armed = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger exit = new AtomicInteger(-1);
        Queue<Ack> acks = new ConcurrentLinkedQueue<>();
        Queue<Send> unacked = new ConcurrentLinkedQueue<>();
        Queue<String> refusals = new ConcurrentLinkedQueue<>();
        List<List<Send>> perSender = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            int sender = i;
            List<Send> mine = new ArrayList<>();
            perSender.add(mine);
            int firstOrdinal = ledger.nextOrdinal[sender];
            Thread thread = new Thread(() -> {
                for (int ordinal = firstOrdinal; ; ordinal++) {
                    Send send = new Send(sender, ordinal, cycle, "s" + sender + "-n" + ordinal + "-c" + cycle);
                    mine.add(send);
                    try {
                        Api.Res res = api.sendRes(roomId, keys.get(sender), send.content(), send.idempotencyKey());
                        if (res.status() == 201) {
                            acks.add(new Ack(send, res.path("seq").asLong(), res.text("id")));
                            if (armed.get() && killed.compareAndSet(false, true)) {
                                exit.set(killQuietly(server));
                                return;
                            }
                        } else {
                            unacked.add(send);
                            refusals.add(res.toString());
                        }
                    } catch (AssertionError connectionFailed) {
                        // The server is gone: this send may or may not have been stored.
                        unacked.add(send);
                        if (killed.get()) {
                            return;
                        }
                        refusals.add(send + " failed before the kill: " + connectionFailed);
                    }
                }
            }, "sender-" + sender);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        Thread.sleep(loadMillis);
        // The kill lands right after an acknowledgement reaches its sender: the moment a server
        // that acks before its write is durable would lose that message.
        armed.set(true);
        long deadline = System.currentTimeMillis() + ACK_WAIT_MILLIS;
        while (!killed.get() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        if (killed.compareAndSet(false, true)) {
            exit.set(server.killHard());
        }
        for (Thread thread : threads) {
            thread.join(30_000);
            assertTrue(!thread.isAlive(), thread.getName() + " still sending 30 s after the kill");
        }
        assertEquals(ServerProcess.SIGKILL_EXIT, exit.get(), "the server must die of SIGKILL (128 + 9)");
        // Busy-room 429s are a legitimate answer under load; anything else before the kill is a bug.
        List<String> unexpected = refusals.stream().filter(r -> !r.contains(" -> 429 ")).collect(Collectors.toList());
        assertEquals(List.of(), unexpected, "sends refused or failed while the server was up");

        perSender.forEach(ledger.sent::addAll);
        for (int i = 0; i < SENDERS; i++) {
            ledger.nextOrdinal[i] += perSender.get(i).size();
        }
        for (Ack ack : acks) {
            ledger.acked.put(ack.send().content(), ack);
        }
        return new ArrayList<>(unacked);
    }

    private static int killQuietly(ServerProcess server) {
        try {
            return server.killHard();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Reads the whole room and checks it against what the clients know: gap-free seq from 1,
     * strictly increasing timestamps, every stored message one we sent and stored once, every
     * acked message present with the seq and id it was acked with, and each sender's first
     * attempts in the order it sent them. Returns the stored messages by content.
     */
    private static Map<String, JsonNode> checkHistory(Api api, String roomId, String readerKey, Ledger ledger,
                                                      String context) {
        List<JsonNode> events = api.readAll(roomId, readerKey);
        assertEquals(range(1, events.size()), seqs(events), () -> "seq must run 1..n without gaps, " + context);
        for (int i = 1; i < events.size(); i++) {
            String earlier = events.get(i - 1).path("timestamp").asText();
            String later = events.get(i).path("timestamp").asText();
            int at = i;
            assertTrue(earlier.compareTo(later) < 0, () -> "timestamps must increase: seq " + at + " " + earlier
                    + " then " + later + ", " + context);
        }

        Map<String, Send> byContent = new HashMap<>();
        ledger.sent.forEach(s -> byContent.put(s.content(), s));
        Map<String, JsonNode> stored = new LinkedHashMap<>();
        for (JsonNode event : events) {
            if (!"message".equals(event.path("type").asText())) {
                continue;
            }
            String content = event.path("content").asText();
            assertTrue(byContent.containsKey(content), () -> "a message nobody sent: " + event + ", " + context);
            JsonNode twice = stored.put(content, event);
            assertNull(twice, () -> "stored twice: " + twice + " and " + event + ", " + context);
        }

        List<Ack> lost = ledger.acked.values().stream().filter(a -> !stored.containsKey(a.send().content()))
                .sorted(Comparator.comparingLong(Ack::seq)).collect(Collectors.toList());
        assertEquals(List.of(), lost, () -> lost.size() + " acked message(s) lost; the room's history after the restart"
                + " ends at seq " + events.size() + ", " + context);
        for (Ack ack : ledger.acked.values()) {
            JsonNode message = stored.get(ack.send().content());
            assertEquals(ack.seq(), message.path("seq").asLong(), () -> "acked seq changed: " + ack + ", " + context);
            assertEquals(ack.id(), message.path("id").asText(), () -> "acked id changed: " + ack + ", " + context);
        }

        // First attempts of one sender went out one after another, so they must be stored in that order.
        for (int sender = 0; sender < SENDERS; sender++) {
            int who = sender;
            List<Integer> ordinals = stored.keySet().stream()
                    .filter(c -> !ledger.retried.contains(c))
                    .map(byContent::get)
                    .filter(s -> s.sender() == who)
                    .map(Send::ordinal)
                    .collect(Collectors.toList());
            List<Integer> sorted = ordinals.stream().sorted().collect(Collectors.toList());
            assertEquals(sorted, ordinals, () -> "sender " + who + "'s messages out of order, " + context);
        }
        return stored;
    }

    /**
     * Retries every unacked send with its original idempotency key: one the dead server had
     * already stored must come back as a replay of exactly that message; one it had not must be
     * stored now, once. Returns how many were replays.
     */
    private static int retry(Api api, String roomId, List<String> keys, List<Send> unacked,
                              Map<String, JsonNode> stored, Ledger ledger, String context) {
        int replays = 0;
        for (Send send : unacked) {
            Api.Res res = api.sendRes(roomId, keys.get(send.sender()), send.content(), send.idempotencyKey());
            assertEquals(201, res.status(), () -> "retry of " + send + ": " + res + ", " + context);
            JsonNode before = stored.get(send.content());
            if (before != null) {
                assertEquals("true", res.header("Idempotent-Replayed"),
                        () -> "stored before the kill, so the retry must be a replay: " + res + ", " + context);
                assertEquals(before.path("id").asText(), res.text("id"), () -> "replay of another message: " + res);
                assertEquals(before.path("seq").asLong(), res.path("seq").asLong(), () -> "replay, other seq: " + res);
                replays++;
            } else {
                assertNull(res.header("Idempotent-Replayed"), () -> "nothing was stored, yet a replay: " + res);
            }
            ledger.retried.add(send.content());
            ledger.acked.put(send.content(), new Ack(send, res.path("seq").asLong(), res.text("id")));
        }
        return replays;
    }

    /**
     * Sends each sender's newest stored message again with its key: the idempotency records
     * written just before the kill must have survived it, so each is a replay of the same message.
     */
    private static void resendNewest(Api api, String roomId, List<String> keys, Map<String, JsonNode> stored,
                                     String context) {
        Map<String, JsonNode> newestByAgent = new LinkedHashMap<>();
        stored.values().forEach(m -> newestByAgent.put(m.path("agent_id").asText(), m));
        assertEquals(SENDERS, newestByAgent.size(), () -> "every sender has stored messages, " + context);
        for (JsonNode message : newestByAgent.values()) {
            String content = message.path("content").asText();
            int sender = Integer.parseInt(content.substring(1, content.indexOf('-')));
            Api.Res res = api.sendRes(roomId, keys.get(sender), content, content);
            assertEquals(201, res.status(), () -> "resend: " + res + ", " + context);
            assertEquals("true", res.header("Idempotent-Replayed"), () -> "resend not a replay: " + res + ", " + context);
            assertEquals(message.path("id").asText(), res.text("id"), () -> "resend, other id: " + res + ", " + context);
            assertEquals(message.path("seq").asLong(), res.path("seq").asLong(), () -> "resend, other seq: " + res);
        }
    }

    /** The data directory's files and sizes, to tell what a kill leaves behind (e.g. a hot journal). */
    private static String describe(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return fail("no data directory at " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted()
                    .map(f -> f.getFileName() + "=" + size(f))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    private static String size(Path file) {
        try {
            return Files.size(file) + "B";
        } catch (IOException e) {
            return "?";
        }
    }
}
