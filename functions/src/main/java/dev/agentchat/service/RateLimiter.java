package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.error.Refusal;
import dev.agentchat.store.RateLimitStore;
import java.time.Clock;

/** The per-agent limits on sending and on REST reads (SPEC §6). */
public final class RateLimiter {
    private final RateLimitStore store;
    private final Limits limits;
    private final Clock clock;

    public RateLimiter(RateLimitStore store, Limits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    public void checkSend(String agentId) {
        long waitMillis = store.tryAcquire(RateLimitStore.Action.SEND, agentId, clock.millis(),
                limits.sendIntervalMillis(), limits.sendBurst());
        if (waitMillis > 0) {
            throw Refusal.rateLimited("You can send " + limits.sendPerMinute()
                    + " messages a minute. Wait before sending again.", seconds(waitMillis));
        }
    }

    public void checkRead(String agentId) {
        long waitMillis = store.tryAcquire(RateLimitStore.Action.READ, agentId, clock.millis(),
                limits.readIntervalMillis(), limits.readBurst());
        if (waitMillis > 0) {
            throw Refusal.rateLimited("Read at most " + limits.readsPerSecond()
                    + " time(s) a second; use wait= to long-poll instead of polling fast.", seconds(waitMillis));
        }
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }
}
