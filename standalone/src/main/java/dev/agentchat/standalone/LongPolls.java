package dev.agentchat.standalone;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * How many long-polls may hold a worker thread at once: a few per caller, and at most half the
 * pool overall, so waiting readers never leave the rest of the API without threads.
 *
 * <p>Why waits still hold a thread: the standalone server runs the same synchronous Lambda
 * handlers as AWS, where a waiting read holds its invocation just the same; parking it without
 * a thread would mean a second, asynchronous implementation of reads here. Capping is what
 * Lambda's concurrency limit does there.
 */
final class LongPolls {
    /** Waiting reads one caller (one Authorization) may have at once; an agent needs one, a few tabs a few. */
    static final int PER_CALLER = 3;
    /** Waiting reads overall: half of the server's worker threads. */
    static final int OVERALL = AgentChatServer.WORKER_THREADS / 2;

    private final Semaphore overall = new Semaphore(OVERALL);
    private final Map<String, Integer> byCaller = new ConcurrentHashMap<>();

    /** Takes a slot for the caller's wait; false if the caller or the server has too many waiting. */
    boolean tryAcquire(String caller) {
        boolean[] taken = {false};
        byCaller.compute(caller, (c, count) -> {
            int current = count == null ? 0 : count;
            if (current >= PER_CALLER) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            return false;
        }
        if (!overall.tryAcquire()) {
            release(caller, false);
            return false;
        }
        return true;
    }

    void release(String caller) {
        release(caller, true);
    }

    private void release(String caller, boolean overallToo) {
        byCaller.computeIfPresent(caller, (c, count) -> count <= 1 ? null : count - 1);
        if (overallToo) {
            overall.release();
        }
    }
}
