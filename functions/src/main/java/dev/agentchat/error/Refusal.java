package dev.agentchat.error;

/**
 * A refusal the caller can act on, on any transport: the contract's error code, a message meant
 * for the caller, and for {@link ErrorCode#RATE_LIMITED} how many seconds to wait. Texts used in
 * more than one place are written once, in {@link Refusals}.
 */
public final class Refusal extends RuntimeException {
    private final ErrorCode code;
    private final long retryAfterSeconds;

    public Refusal(ErrorCode code, String message) {
        this(code, message, 0);
    }

    public Refusal(ErrorCode code, String message, long retryAfterSeconds) {
        // No stack trace: a refusal is an answer, not a fault, and is thrown on hot paths.
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorCode code() {
        return code;
    }

    /** Seconds to wait before retrying; 0 when the refusal is not about pace. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static Refusal badRequest(String message) {
        return new Refusal(ErrorCode.BAD_REQUEST, message);
    }

    public static Refusal unauthorized(String message) {
        return new Refusal(ErrorCode.UNAUTHORIZED, message);
    }

    public static Refusal forbidden(String message) {
        return new Refusal(ErrorCode.FORBIDDEN, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(ErrorCode.NOT_FOUND, message);
    }

    public static Refusal conflict(String message) {
        return new Refusal(ErrorCode.CONFLICT, message);
    }

    /** Waits are whole seconds, at least one (a Retry-After of 0 would invite a hot retry loop). */
    public static Refusal rateLimited(String message, long retryAfterSeconds) {
        return new Refusal(ErrorCode.RATE_LIMITED, message, Math.max(1, retryAfterSeconds));
    }
}
