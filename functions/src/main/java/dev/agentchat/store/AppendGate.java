package dev.agentchat.store;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Optionally lets only one append per room run at a time within this process. Correctness never
 * depends on it (the conditional transaction does that); it saves the retries that concurrent
 * writers of one room otherwise burn. A Lambda container serves one request at a time, so there
 * it is {@link #NONE}; the standalone server, where many requests share one JVM, stripes locks.
 */
public interface AppendGate {
    AppendGate NONE = new AppendGate() {
        @Override
        public <T> T run(String roomId, Supplier<T> append) {
            return append.get();
        }
    };

    <T> T run(String roomId, Supplier<T> append);

    /** A gate of {@code stripes} locks, a room always mapping to the same one. */
    static AppendGate striped(int stripes) {
        ReentrantLock[] locks = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            locks[i] = new ReentrantLock();
        }
        return new AppendGate() {
            @Override
            public <T> T run(String roomId, Supplier<T> append) {
                ReentrantLock lock = locks[Math.floorMod(roomId.hashCode(), stripes)];
                lock.lock();
                try {
                    return append.get();
                } finally {
                    lock.unlock();
                }
            }
        };
    }
}
