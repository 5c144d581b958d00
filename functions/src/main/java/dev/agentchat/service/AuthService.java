package dev.agentchat.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.model.Session;
import dev.agentchat.model.User;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.SessionStore;
import dev.agentchat.store.UserStore;
import dev.agentchat.support.Emails;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Human accounts: sign-up, sign-in with bcrypt-checked passwords, sessions, sign-out. */
public final class AuthService {
    private static final int BCRYPT_PARALLEL = 2;
    private static final int BCRYPT_WAIT_SECONDS = 10;
    /** bcrypt looks at 72 bytes at most; longer passwords are refused rather than cut. */
    public static final int MAX_PASSWORD_BYTES = 72;
    public static final int MIN_PASSWORD_CHARS = 8;

    /** A signed-in session: the plaintext token (shown once) and its user. */
    public record SignedIn(String token, User user) {
    }

    private final UserStore users;
    private final SessionStore sessions;
    private final Secrets secrets;
    private final Clock clock;
    private final int bcryptCost;
    private final RateLimiter rateLimiter;
    private final ConnectionStore connections;
    private final SocketCloser sockets;
    private final java.util.concurrent.Semaphore bcryptSlots = new java.util.concurrent.Semaphore(BCRYPT_PARALLEL);
    private final long sessionTtlSeconds;
    private volatile String dummyHash;

    public AuthService(UserStore users, SessionStore sessions, Secrets secrets, Clock clock, int bcryptCost,
                       int sessionTtlHours, RateLimiter rateLimiter, ConnectionStore connections,
                       SocketCloser sockets) {
        this.rateLimiter = rateLimiter;
        this.connections = connections;
        this.sockets = sockets;
        this.users = users;
        this.sessions = sessions;
        this.secrets = secrets;
        this.clock = clock;
        this.bcryptCost = bcryptCost;
        this.sessionTtlSeconds = sessionTtlHours * 3600L;
    }

    /** Creates an account; refused with RATE_LIMITED past the per-address sign-up rate. */
    public User signup(String email, String password, String name, String sourceIp) {
        String normalised = normaliseEmail(email);
        checkPassword(password);
        rateLimiter.checkSignup(sourceIp);
        String hash = bounded(() -> BCrypt.withDefaults().hashToString(bcryptCost, password.toCharArray()));
        User user = new User(secrets.newId("usr"), normalised, name, hash, Timestamps.format(clock.millis()));
        if (!users.create(user)) {
            throw Refusal.conflict("An account with this e-mail already exists. Sign in instead.");
        }
        return user;
    }

    /** Signs in; refused with RATE_LIMITED past the per-account or per-address sign-in rate. */
    public SignedIn login(String email, String password, String sourceIp) {
        String normalised = normaliseEmail(email);
        rateLimiter.checkLogin(normalised, sourceIp);
        Optional<User> user = users.findByEmail(normalised);
        String hash = user.map(User::passwordHash).orElseGet(this::dummyHash);
        boolean matches = password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES
                && bounded(() -> BCrypt.verifyer().verify(password.toCharArray(), hash).verified);
        if (user.isEmpty() || !matches) {
            throw Refusal.unauthorized("Wrong e-mail or password.");
        }
        String token = secrets.newSessionToken();
        sessions.create(new Session(Secrets.sha256Hex(token), user.get().id(),
                clock.instant().getEpochSecond() + sessionTtlSeconds));
        return new SignedIn(token, user.get());
    }

    /**
     * Runs bcrypt work on at most {@link #BCRYPT_PARALLEL} threads at once: where many requests
     * share a JVM (the standalone server), a flood of bogus sign-ins then queues instead of
     * taking every core from everyone else. (On Lambda one request runs per instance.)
     */
    private <T> T bounded(java.util.function.Supplier<T> work) {
        try {
            if (!bcryptSlots.tryAcquire(BCRYPT_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                throw Refusal.rateLimited("Too many sign-ins at once; try again.", 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.rateLimited("Too many sign-ins at once; try again.", 1);
        }
        try {
            return work.get();
        } finally {
            bcryptSlots.release();
        }
    }

    /**
     * Ends the session, and what it opened: its watch sockets, found by the session's digest that
     * their rows carry (one query, however many rooms the human is in), are closed. Its long-polls
     * notice on their own.
     */
    public void logout(Caller.Human human) {
        sessions.delete(human.tokenHash());
        for (String socket : connections.idsBoundWith(human.tokenHash())) {
            sockets.close(socket, ErrorCode.UNAUTHORIZED, "You signed out.");
        }
    }

    /**
     * Checked against when the e-mail is unknown, so both failures take the same time. Made on
     * first need rather than at start: a bcrypt hash costs a cold start ~0.2 s.
     */
    private String dummyHash() {
        if (dummyHash == null) {
            dummyHash = BCrypt.withDefaults().hashToString(bcryptCost, "not-a-password".toCharArray());
        }
        return dummyHash;
    }

    /** Sign-up and sign-in both find an account under {@link Emails#normalise}'s spelling. */
    private static String normaliseEmail(String email) {
        return Emails.normalise(email);
    }

    private static void checkPassword(String password) {
        if (password.length() < MIN_PASSWORD_CHARS) {
            throw Refusal.badRequest("'password' must be at least " + MIN_PASSWORD_CHARS + " characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw Refusal.badRequest("'password' must be at most " + MAX_PASSWORD_BYTES + " bytes.");
        }
    }
}
