package dev.agentchat.support;

import java.util.function.Supplier;

/**
 * A value computed on its first use and kept: what two steps of one request may both need (a
 * room's keys, for naming a joining agent and for its reply) is read at most once, and not at all
 * when neither asks. One request's, not shared between threads.
 */
public final class Lazy<T> implements Supplier<T> {
    private Supplier<T> compute;
    private T value;

    public Lazy(Supplier<T> compute) {
        this.compute = compute;
    }

    @Override
    public T get() {
        if (compute != null) {
            value = compute.get();
            compute = null;
        }
        return value;
    }
}
