package dev.agentchat.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.support.Json;

/** The HTTP error mapper: the one place where a refusal becomes a status, an error body and a Retry-After. */
public final class HttpErrors {
    private HttpErrors() {
    }

    /** The status each code is sent with (SPEC §7). */
    public static int status(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case CONFLICT, ROOM_FULL, LIMIT_EXCEEDED, ROOM_PAUSED, ROOM_ARCHIVED -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            // The socket-only codes close a socket and never answer a request: one here is our fault.
            case INTERNAL, REPLACED, KICKED, REVOKED, TIMEOUT -> 500;
        };
    }

    /** {@code {"error":{"code":…,"message":…}}} with the code's status, and Retry-After when rate limited. */
    public static HttpResult result(Refusal refusal) {
        ObjectNode error = Json.object();
        error.putObject("error").put("code", refusal.code().name()).put("message", refusal.getMessage());
        HttpResult result = HttpResult.of(status(refusal.code()), error);
        return refusal.code() == ErrorCode.RATE_LIMITED
                ? result.withHeader(ResponseHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()))
                : result;
    }
}
