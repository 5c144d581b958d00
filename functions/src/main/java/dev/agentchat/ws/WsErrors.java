package dev.agentchat.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.support.Json;

/** The WebSocket error mapper: the one place where a refusal becomes an {@code error} frame (SPEC §5). */
public final class WsErrors {
    private WsErrors() {
    }

    /** A refused frame: the connection stays open; a rate limit says when to try again. */
    public static String frame(Refusal refusal) {
        ObjectNode frame = tree(refusal.code(), refusal.getMessage());
        if (refusal.retryAfterSeconds() > 0) {
            frame.put("retry_after", refusal.retryAfterSeconds());
        }
        return Json.write(frame);
    }

    /** Why a socket is being closed (REPLACED, KICKED, REVOKED, TIMEOUT, a deleted room…). */
    public static String frame(ErrorCode code, String message) {
        return Json.write(tree(code, message));
    }

    private static ObjectNode tree(ErrorCode code, String message) {
        return Json.object().put("type", "error").put("code", code.name()).put("message", message);
    }
}
