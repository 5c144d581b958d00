package dev.agentchat.service;

import dev.agentchat.model.Member;
import dev.agentchat.model.Reachability;
import dev.agentchat.model.Recipients;
import dev.agentchat.store.MemberStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts who a room event reaches, honestly (SPEC §13): every claimed, unrevoked agent of the
 * room but the sender, by {@link Reachability}. One query of the room's keys, after the write
 * (or the one a message with mentions made just before it), so it reflects the room as the
 * message found it.
 */
public final class Reach {
    private final MemberStore members;
    private final Presence presence;

    public Reach(MemberStore members, Presence presence) {
        this.members = members;
        this.presence = presence;
    }

    /** @param senderId the sending agent (not counted), or a human's user id (no agent matches it) */
    public Recipients of(String roomId, String senderId) {
        return of(members.listByRoom(roomId), senderId);
    }

    /** As {@link #of(String, String)}, from the room's keys as the caller already listed them. */
    public Recipients of(List<Member> roomKeys, String senderId) {
        int websocket = 0;
        int webhook = 0;
        int polling = 0;
        List<String> unreachable = new ArrayList<>();
        for (Member member : roomKeys) {
            if (!member.claimed() || member.revoked() || member.agentId().equals(senderId)) {
                continue;
            }
            switch (Reachability.of(member, presence.status(member))) {
                case WEBSOCKET -> websocket++;
                case WEBHOOK -> webhook++;
                case POLLING -> polling++;
                case NONE -> unreachable.add(member.name());
            }
        }
        return new Recipients(websocket, webhook, polling, unreachable);
    }
}
