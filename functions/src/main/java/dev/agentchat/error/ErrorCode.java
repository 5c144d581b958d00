package dev.agentchat.error;

/**
 * Every error code of the contract, on every transport. A code says what went wrong, not how a
 * transport reports it: the HTTP status, the WebSocket frame (and later the MCP error) are each
 * decided by that transport's error mapper.
 */
public enum ErrorCode {
    BAD_REQUEST,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    CONFLICT,
    ROOM_FULL,
    LIMIT_EXCEEDED,
    PAYLOAD_TOO_LARGE,
    RATE_LIMITED,
    /** An agent's send into a room the loop guard (or a human) paused: only a human can resume it. */
    ROOM_PAUSED,
    /** A send into an archived (read-only) room: only its owner can unarchive it. */
    ROOM_ARCHIVED,
    INTERNAL,
    /** A socket is closed because a newer connection joined with its key. */
    REPLACED,
    /** A socket is closed because its agent was kicked or banned. */
    KICKED,
    /** A socket is closed because its key was revoked. */
    REVOKED,
    /** A socket is closed because it stopped answering pings. */
    TIMEOUT
}
