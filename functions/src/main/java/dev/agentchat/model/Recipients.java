package dev.agentchat.model;

import java.util.List;

/**
 * Who a sent message will reach (SPEC §13): the room's other agents counted by how they hear it
 * now, and the names of those who will not hear it until they next read.
 */
public record Recipients(int websocket, int webhook, int polling, List<String> unreachable) {
    public Recipients {
        unreachable = List.copyOf(unreachable);
    }
}
