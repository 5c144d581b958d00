package dev.agentchat.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Samples the stacks of running threads (opt-in: it costs CPU itself). */
final class StackSampler implements Runnable {
    private static final Set<String> IDLE = Set.of(
            "sun.nio.ch.EPoll.wait", "sun.nio.ch.SocketDispatcher.read0", "sun.nio.ch.Net.poll",
            "sun.nio.ch.Net.accept", "java.lang.ref.Reference.waitForReferencePendingList",
            "sun.management.ThreadImpl.dumpThreads0", "java.net.SocketInputStream.socketRead0",
            "java.net.PlainSocketImpl.socketAccept", "sun.nio.ch.EPollArrayWrapper.epollWait");
    private final Map<String, Integer> top = new HashMap<>();
    private final Map<String, Integer> app = new HashMap<>();
    private final Map<String, Integer> blocked = new HashMap<>();
    private final Map<String, Integer> inServerCode = new HashMap<>();
    private final Map<String, Integer> runnableByGroup = new HashMap<>();
    private volatile boolean running;
    private Thread thread;
    private int samples;

    void start() {
        running = true;
        thread = new Thread(this, "bench-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(2000);
    }

    @Override
    public void run() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        while (running) {
            ThreadInfo[] infos = mx.dumpAllThreads(false, false, 100);
            samples++;
            for (ThreadInfo info : infos) {
                StackTraceElement[] st = info.getStackTrace();
                if (st.length == 0 || info.getThreadName().equals("bench-sampler")) {
                    continue;
                }
                String group = ThreadGroups.of(info.getThreadName());
                StackTraceElement where = firstServerCode(st);
                if (where != null) {
                    inServerCode.merge(group + " | " + frame(where), 1, Integer::sum);
                }
                if (info.getThreadState() == Thread.State.BLOCKED) {
                    blocked.merge(group + " | on " + info.getLockName() + " at " + frame(firstApp(st)), 1, Integer::sum);
                    continue;
                }
                String topMethod = st[0].getClassName() + "." + st[0].getMethodName();
                if (info.getThreadState() != Thread.State.RUNNABLE || IDLE.contains(topMethod)
                        || topMethod.equals("java.lang.Object.wait") || topMethod.equals("jdk.internal.misc.Unsafe.park")
                        || topMethod.equals("java.lang.Thread.sleep")) {
                    continue;
                }
                runnableByGroup.merge(group, 1, Integer::sum);
                top.merge(group + " | " + frame(st[0]), 1, Integer::sum);
                app.merge(group + " | " + frame(firstApp(st)), 1, Integer::sum);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The innermost agentchat frame (not the bench's): which server operation a thread is in. */
    private static StackTraceElement firstServerCode(StackTraceElement[] st) {
        for (StackTraceElement e : st) {
            String c = e.getClassName();
            if (c.startsWith("dev.agentchat") && !c.startsWith("dev.agentchat.bench")) {
                return e;
            }
        }
        return null;
    }

    private static StackTraceElement firstApp(StackTraceElement[] st) {
        for (StackTraceElement e : st) {
            String c = e.getClassName();
            if (c.startsWith("dev.agentchat") || c.startsWith("com.amazonaws.services.dynamodbv2")
                    || c.startsWith("com.almworks")) {
                return e;
            }
        }
        return st[0];
    }

    private static String frame(StackTraceElement e) {
        String c = e.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName() + ":" + e.getLineNumber();
    }

    void print() {
        LoadBench.OUT.printf(Locale.ROOT, "sampling    %d samples of all thread stacks (every ~25 ms, measured phase);"
                + " avg runnable threads per sample by group:%n", samples);
        printTop(runnableByGroup, 10, true);
        LoadBench.OUT.println("            top frames of runnable threads (share of samples):");
        printTop(top, 20, false);
        LoadBench.OUT.println("            first agentchat/DynamoDB Local frame of runnable threads:");
        printTop(app, 20, false);
        LoadBench.OUT.println("            threads inside agentchat code, any state (avg per sample), by innermost agentchat frame:");
        printTop(inServerCode, 12, true);
        if (!blocked.isEmpty()) {
            LoadBench.OUT.println("            BLOCKED threads (monitor contention):");
            printTop(blocked, 10, false);
        }
    }

    private void printTop(Map<String, Integer> counts, int n, boolean average) {
        counts.entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue(), a.getValue())).limit(n)
                .forEach(e -> LoadBench.OUT.printf(Locale.ROOT, average ? "              %6.2f  %s%n" : "              %5.1f%%  %s%n",
                        average ? (double) e.getValue() / Math.max(1, samples)
                                : 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }
}
