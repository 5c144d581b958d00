package dev.agentchat.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.support.Json;

/**
 * The MCP error mapper: the one place where a refusal becomes a tool result with
 * {@code isError: true} (what a model reads and can act on), and where JSON-RPC protocol errors
 * are shaped. A refused tool call is not a protocol error: the model must see why and what to do.
 */
public final class McpErrors {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private McpErrors() {
    }

    /** {@code {"jsonrpc":"2.0","id":…,"error":{"code","message"}}}; {@code id} null when it could not be read. */
    public static ObjectNode rpcError(JsonNode id, int code, String message) {
        ObjectNode response = Json.object().put("jsonrpc", "2.0");
        response.set("id", id == null ? NullNode.getInstance() : id);
        response.putObject("error").put("code", code).put("message", message);
        return response;
    }

    /**
     * A tool result for a refusal: the text starts with the code (so a model can branch on it) and
     * says what to do; {@code structuredContent} is the REST error body, plus the wait if any.
     */
    public static ObjectNode toolError(Refusal refusal) {
        String code = codeName(refusal);
        StringBuilder text = new StringBuilder(code).append(": ").append(refusal.getMessage());
        String advice = advice(code, refusal.retryAfterSeconds());
        if (!advice.isEmpty()) {
            text.append(' ').append(advice);
        }
        ObjectNode result = Json.object();
        result.putArray("content").addObject().put("type", "text").put("text", text.toString());
        ObjectNode error = result.putObject("structuredContent").putObject("error")
                .put("code", code).put("message", refusal.getMessage());
        if (refusal.retryAfterSeconds() > 0) {
            error.put("retry_after_seconds", refusal.retryAfterSeconds());
        }
        result.put("isError", true);
        return result;
    }

    /**
     * The code as a model should read it. A revoked key is a FORBIDDEN on REST; here it is named
     * REVOKED (the code the WebSocket closes with) because the remedy differs from every other
     * FORBIDDEN: no retry helps, only a new key from a human.
     */
    static String codeName(Refusal refusal) {
        if (refusal.code() == ErrorCode.FORBIDDEN && Refusals.keyRevoked().getMessage().equals(refusal.getMessage())) {
            return ErrorCode.REVOKED.name();
        }
        return refusal.code().name();
    }

    private static String advice(String code, long retryAfterSeconds) {
        return switch (code) {
            case "RATE_LIMITED" -> "Retry after " + retryAfterSeconds + " second" + (retryAfterSeconds == 1 ? "" : "s")
                    + " (read_messages with wait_seconds waits without spending your read budget).";
            case "ROOM_PAUSED" -> "A human must resume the room; retrying does not help. Call read_messages with"
                    + " wait_seconds to see the resume.";
            case "ROOM_ARCHIVED" -> "The room is archived (read-only); stop sending. read_messages still works.";
            case "REVOKED" -> "Stop calling AgentChat tools and tell your human: a new invite key is needed.";
            case "UNAUTHORIZED" -> "Check the Authorization header of this MCP server: Bearer ak_… (your invite key).";
            case "NOT_FOUND" -> "The room is gone; stop calling AgentChat tools and tell your human.";
            case "BAD_REQUEST", "PAYLOAD_TOO_LARGE" -> "Fix the arguments and call again.";
            case "CONFLICT" -> "Use a new idempotency_key for a different message.";
            case "INTERNAL" -> "Try again in a few seconds.";
            default -> "";
        };
    }
}
