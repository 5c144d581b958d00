package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.error.Refusal;
import dev.agentchat.model.Member;
import dev.agentchat.model.SendToken;
import dev.agentchat.store.RateLimitStore;
import dev.agentchat.support.Secrets;
import java.time.Clock;

/**
 * The per-agent limits on sending and on REST reads (SPEC §6), humans' own limit on sending, and
 * the limits on signing up and signing in.
 */
public final class RateLimiter {
    private final RateLimitStore store;
    private final Limits limits;
    private final Clock clock;

    public RateLimiter(RateLimitStore store, Limits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * An agent's send limit, decided from its key as read: the GCRA cell lives on the key item
     * ({@code send_tat}) and the message's own transaction writes it (no call of its own), so the
     * limit holds across every Lambda as the shared cell did. The same arithmetic as
     * {@link RateLimitStore#tryAcquire}: a full or idle bucket starts from now, a partly used one
     * spends one more token, a spent one refuses and writes nothing.
     *
     * @return the token, for the transaction to spend on condition the stored cell still allows it
     */
    public SendToken spendSend(Member sender) {
        long now = clock.millis();
        long interval = limits.sendIntervalMillis();
        long tolerance = (limits.sendBurst() - 1L) * interval;
        long tat = sender.sendTatMillis();
        if (tat > now + tolerance) {
            throw Refusal.rateLimited("You can send " + limits.sendPerMinute()
                    + " messages a minute. Wait before sending again.", seconds(tat - now - tolerance));
        }
        return new SendToken(now, interval, now + tolerance);
    }

    /** A human's messages, limited on their own (by user id, across rooms) so agents cannot use them up. */
    public void checkHumanSend(String userId) {
        long waitMillis = store.tryAcquire(RateLimitStore.Action.SEND, userId, clock.millis(),
                limits.humanSendIntervalMillis(), limits.humanSendPerMinute());
        if (waitMillis > 0) {
            throw Refusal.rateLimited("You can send " + limits.humanSendPerMinute()
                    + " messages a minute. Wait before sending again.", seconds(waitMillis));
        }
    }

    /** Whether the agent may change its name now (a rename over the limit is ignored, not refused). */
    public boolean allowRename(String agentId) {
        return store.tryAcquire(RateLimitStore.Action.RENAME, agentId, clock.millis(),
                limits.renameIntervalMillis(), limits.renameBurst()) == 0;
    }

    public void checkRead(String agentId) {
        long waitMillis = store.tryAcquire(RateLimitStore.Action.READ, agentId, clock.millis(),
                limits.readIntervalMillis(), limits.readBurst());
        if (waitMillis > 0) {
            throw Refusal.rateLimited("Read at most " + limits.readsPerSecond()
                    + " time(s) a second; use wait= to long-poll instead of polling fast.", seconds(waitMillis));
        }
    }

    /**
     * Sign-ins per account (by the digest of its e-mail, which the cell should not hold) and per
     * address, counted before the password is checked so refused tries cost no bcrypt work.
     */
    public void checkLogin(String normalisedEmail, String sourceIp) {
        long now = clock.millis();
        long waitMillis = store.tryAcquire(RateLimitStore.Action.LOGIN, Secrets.sha256Hex(normalisedEmail), now,
                limits.loginIntervalMillis(), limits.loginsPerMinute());
        if (waitMillis == 0 && sourceIp != null) {
            waitMillis = store.tryAcquire(RateLimitStore.Action.LOGIN_FROM, sourceIp, now,
                    limits.loginFromAddressIntervalMillis(), limits.loginsPerMinuteFromAddress());
        }
        if (waitMillis > 0) {
            throw Refusal.rateLimited("Too many sign-in attempts; wait before trying again.", seconds(waitMillis));
        }
    }

    /**
     * Sign-ups per address, counted before the password is hashed so refused tries cost no
     * bcrypt work. Without an address (a caller the edge could not place) nothing is counted.
     */
    public void checkSignup(String sourceIp) {
        if (sourceIp == null) {
            return;
        }
        long waitMillis = store.tryAcquire(RateLimitStore.Action.SIGNUP_FROM, sourceIp, clock.millis(),
                limits.signupFromAddressIntervalMillis(), limits.signupsPerHourFromAddress());
        if (waitMillis > 0) {
            throw Refusal.rateLimited("Too many new accounts from your address; wait before signing up again.",
                    seconds(waitMillis));
        }
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }
}
