package dev.agentchat.service;

import dev.agentchat.error.ErrorCode;

/**
 * Closes a live WebSocket connection, telling it why first. Services close sockets (a revoked
 * key, a kicked agent, a deleted room) without knowing how sockets work; realtime implements it.
 */
public interface SocketCloser {
    void close(String connectionId, ErrorCode code, String message);
}
