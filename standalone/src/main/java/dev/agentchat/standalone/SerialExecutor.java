package dev.agentchat.standalone;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;

/** Runs tasks one after another, in submission order, on a shared pool (one lane per socket). */
final class SerialExecutor implements Executor {
    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
        if (!running) {
            running = true;
            pool.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | StackOverflowError e) {
                // Whatever one frame does, the socket's later frames still run: a lane left
                // "running" by a dead thread would never drain again.
                LoggerFactory.getLogger(SerialExecutor.class).error("task failed", e);
            }
        }
    }
}
