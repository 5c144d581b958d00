package dev.agentchat.bench.load;

import dev.agentchat.bench.BenchArgs;
import dev.agentchat.standalone.AgentChatServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Load benchmark of the realtime path (not a test): starts the standalone server in-process with
 * the limits raised out of the way, creates {@code rooms × agents} agents that each hold a
 * WebSocket, then sends at a fixed total rate for a while, part over REST and part over the
 * WebSocket, and measures the fan-out to every other agent of the room: delivered vs expected,
 * duplicates, ordering, and the send-to-receive latency.
 *
 * <pre>
 * java -cp bench/target/agentchat-bench.jar dev.agentchat.bench.load.LoadBench \
 *      --rooms 10 --agents 10 --rate 100 --duration 20 [--rest-fraction 0.5] [--warmup 3] [--grace 3]
 *      [--fanout-grace 2] [--pad 0] [--sample] [--target-p99-ms 100] [--senders 0] [--store file|memory] [--floor]
 * </pre>
 *
 * The parts, in the order of a run: {@link LoadSettings} (the options), {@link Rooms} (rooms and
 * agents over REST, then one {@link AgentClient} WebSocket each), {@link LoadGenerator} (the
 * {@link SendSchedule} sent by the {@link MessageSender}, then the grace periods; everything seen
 * goes into the {@link RunRecord}), and {@link LoadReport} (tallies, latency, {@link CpuReport},
 * the optional {@link StackSampler}, the verdict).
 *
 * The send schedule is open-loop (a fixed rate, whatever the latency), so overload shows up as a
 * growing backlog rather than a slower sender. Latency is taken from the content, which carries
 * {@code System.nanoTime()} at the send; client and server share the JVM and its clock.
 * {@code --warmup} seconds are sent first (at {@code --warmup-rate}) and left out of the latency
 * figures (they still count for loss). After the last send the bench waits up to {@code --grace}
 * seconds for responses, acks and deliveries; sends confirmed by then get {@code --fanout-grace}
 * more seconds to reach everyone. {@code --sample} adds a stack-sampling profile of the measured phase.
 * {@code --senders N} lets only the first N agents of each room send. {@code --floor} first runs the
 * same schedule with the same client against a {@link FloorServer} (an in-memory broadcaster: the
 * machine's floor), then against AgentChat, and ends with both side by side.
 *
 * Exit code: 0 when every send was confirmed and reached every other agent of its room, 1 when a
 * delivery is missing or a send stayed unconfirmed, 2 when the setup failed.
 */
public final class LoadBench {
    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
    /**
     * Where the report goes: the process's stdout. The in-process server writes its request log
     * to {@code System.out} as Lambda does, so that is pointed at stderr, next to the server's other logs.
     */
    static final PrintStream OUT = System.out;

    private LoadBench() {
    }

    public static void main(String[] args) {
        LoadSettings settings = BenchArgs.parseOrExit("LoadBench", args, LoadSettings.OPTIONS, LoadSettings::from);
        System.setOut(System.err);
        // With fewer than 3 cores the common pool has parallelism 1, and CompletableFuture then
        // starts a new thread for every async step; the JDK HTTP client takes one per response.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
        int code;
        try {
            code = run(settings);
        } catch (Exception e) {
            OUT.flush();
            System.err.println("bench setup failed: " + e);
            e.printStackTrace();
            code = 2;
        }
        OUT.flush();
        System.exit(code);
    }

    private static int run(LoadSettings settings) throws Exception {
        Map<String, String> env = serverEnvironment();
        printHeader(settings, env);
        List<String> rows = new ArrayList<>();
        int code = 0;
        if (settings.floor()) {
            OUT.println();
            OUT.println("--- floor: in-memory broadcaster, same client, same schedule ---");
            code = runFloor(settings, rows);
            OUT.println();
            OUT.println("--- AgentChat ---");
        }
        code = Math.max(code, runAgentChat(settings, env, rows));
        OUT.println();
        OUT.println("=== side by side (measured phase; latency in ms) ===");
        OUT.println(LoadReport.rowHeader());
        rows.forEach(OUT::println);
        OUT.println("* lost = deliveries of confirmed sends missing + sends never confirmed;"
                + " ** CPU = this JVM (server and load client) in the measured send phase, % of all "
                + Runtime.getRuntime().availableProcessors() + " cores; us/deliv = that CPU per measured delivery;"
                + " us/d all = CPU from the first send (warm-up included) to the end of the grace periods per delivery made;"
                + " load average now " + loadAverage());
        return code;
    }

    private static int runFloor(LoadSettings settings, List<String> rows) throws Exception {
        RunRecord record = new RunRecord(settings.total());
        Rooms rooms = null;
        try (FloorServer floor = new FloorServer()) {
            BenchHttp http = new BenchHttp(floor.baseUrl());
            rooms = Rooms.local(settings, record);
            rooms.connectAll(http);
            Thread.sleep(200);
            MessageSender sender = new MessageSender(http, rooms, record, settings.pad());
            RunPhases phases = new LoadGenerator(settings, record, sender).run();
            LoadReport report = new LoadReport(settings, record, rooms, phases);
            int code = report.print();
            rows.add(report.row("floor"));
            return code;
        } finally {
            record.closing = true;
            if (rooms != null) {
                rooms.abortAll();
            }
        }
    }

    private static int runAgentChat(LoadSettings settings, Map<String, String> env, List<String> rows) throws Exception {
        Path dataDir = settings.store().equals("file") ? Files.createTempDirectory("loadbench-") : null;
        long t = System.nanoTime();
        AgentChatServer server = new AgentChatServer("127.0.0.1", 0, dataDir, env).start();
        RunRecord record = new RunRecord(settings.total());
        Rooms rooms = null;
        try {
            BenchHttp http = new BenchHttp(server.baseUrl());
            OUT.printf(Locale.ROOT, "server      %s (started in %.1f s; store: %s)%n", server.baseUrl(), secondsSince(t),
                    dataDir == null ? "DynamoDB Local in memory" : "DynamoDB Local on a file in a temporary directory");
            t = System.nanoTime();
            rooms = Rooms.create(http, settings, record);
            OUT.printf(Locale.ROOT, "setup       %d rooms, %d agents created over REST in %.1f s%n",
                    settings.rooms(), settings.rooms() * settings.agents(), secondsSince(t));
            t = System.nanoTime();
            rooms.connectAll(http);
            OUT.printf(Locale.ROOT, "sockets     %d WebSockets joined in %.1f s%n",
                    settings.rooms() * settings.agents(), secondsSince(t));
            Thread.sleep(1000); // let the join announcements fan out before measuring
            MessageSender sender = new MessageSender(http, rooms, record, settings.pad());
            RunPhases phases = new LoadGenerator(settings, record, sender).run();
            LoadReport report = new LoadReport(settings, record, rooms, phases);
            int code = report.print();
            rows.add(report.row("AgentChat"));
            return code;
        } finally {
            record.closing = true;
            if (rooms != null) {
                rooms.abortAll();
            }
            closeWithTimeout(server);
            if (dataDir != null) {
                deleteQuietly(dataDir);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            OUT.println("note        could not delete " + dir + ": " + e);
        }
    }

    /** The machine's 1, 5 and 15 minute load averages (Linux), or "?" elsewhere. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The server's limits, raised so that the limiter is not what is measured. */
    private static Map<String, String> serverEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LIMIT_SEND_PER_MINUTE", "600000");
        // Benchmarks send far more agent messages in a row than the loop guard allows.
        env.put("LIMIT_AGENT_TURN_BUDGET", "0");
        env.put("LIMIT_SEND_BURST", "100000");
        env.put("LIMIT_READS_PER_SECOND", "100000");
        env.put("LIMIT_READ_BURST", "100000");
        env.put("LIMIT_ROOM_MEMBERS", "200");
        env.put("LIMIT_ROOM_MEMBERS_CEILING", "1000");
        env.put("LIMIT_KEYS_PER_ROOM", "200");
        env.put("LIMIT_ROOMS_PER_USER", "1000");
        env.put("SWEEP_INTERVAL_SECONDS", "3600");
        return env;
    }

    private static void printHeader(LoadSettings s, Map<String, String> env) {
        Runtime rt = Runtime.getRuntime();
        OUT.println("=== AgentChat realtime load bench ===");
        OUT.printf(Locale.ROOT, "config      rooms=%d agents/room=%d (=%d sockets) rate=%.1f msg/s duration=%.1f s"
                        + " warmup=%.1f s at %.1f msg/s rest-fraction=%.2f senders/room=%d grace=%.1f s"
                        + " (+%.1f s fan-out grace when not settled) pad=%d B store=%s floor=%s%n",
                s.rooms(), s.agents(), s.rooms() * s.agents(), s.rate(), s.durationSec(), s.warmupSec(), s.warmupRate(),
                s.restFraction(), s.sendersPerRoom(), s.graceSec(), s.fanoutGraceSec(), s.pad(), s.store(), s.floor());
        OUT.printf(Locale.ROOT, "machine     %d cpus, java %s, max heap %d MB, load average %s%n",
                rt.availableProcessors(), System.getProperty("java.version"), rt.maxMemory() >> 20, loadAverage());
        OUT.println("server env  " + env);
    }

    /**
     * Closes the server, but gives up after a while: under a backlog, AgentChatServer.close() can
     * deadlock inside DynamoDB Local's shutdown (see the report's note), and the bench must still exit.
     */
    private static void closeWithTimeout(AgentChatServer server) {
        Thread closer = new Thread(server::close, "bench-server-close");
        closer.setDaemon(true);
        long t = System.nanoTime();
        closer.start();
        try {
            closer.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            OUT.printf(Locale.ROOT, "%nWARNING     AgentChatServer.close() did not return within %.0f s (stuck in %s);"
                    + " exiting anyway%n", secondsSince(t), topFrames(closer, 4));
        }
    }

    private static String topFrames(Thread thread, int n) {
        StackTraceElement[] st = thread.getStackTrace();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, st.length); i++) {
            sb.append(i == 0 ? "" : " <- ").append(st[i].getClassName().replaceAll(".*\\.", "")).append('.')
                    .append(st[i].getMethodName());
        }
        return sb.toString();
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
