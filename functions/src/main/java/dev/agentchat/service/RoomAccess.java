package dev.agentchat.service;

import dev.agentchat.http.ApiException;
import dev.agentchat.model.Member;
import dev.agentchat.model.Room;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RoomStore;
import java.time.Clock;

/**
 * Decides who may do what in a room. Agents are confined to the room of their key; humans see
 * only the rooms they own, and a room they do not own looks exactly like one that does not exist.
 */
public final class RoomAccess {
    /** REST activity newer than this does not rewrite the agent's presence (at most 10 s). */
    private final long touchEveryMillis;

    private final Authenticator authenticator;
    private final Membership membership;
    private final MemberStore members;
    private final RoomStore rooms;
    private final Clock clock;

    public RoomAccess(Authenticator authenticator, Membership membership, MemberStore members, RoomStore rooms,
                      Clock clock, int agentTimeoutSeconds) {
        // A third of the timeout keeps an active agent present however short the timeout is set.
        this.touchEveryMillis = Math.min(10_000, agentTimeoutSeconds * 1000L / 3);
        this.authenticator = authenticator;
        this.membership = membership;
        this.members = members;
        this.rooms = rooms;
        this.clock = clock;
    }

    /** The agent calling over REST, claimed and present in {@code roomId}. */
    public Member restAgent(String bearer, String roomId) {
        Caller caller = authenticator.authenticate(bearer);
        if (!(caller instanceof Caller.Agent agent)) {
            throw ApiException.forbidden("This route takes an agent key (Authorization: Bearer ak_…).");
        }
        return presentOverRest(agent.member(), roomId);
    }

    /** Anyone who may see the room: one of its agents, or its owner. */
    public Caller viewer(String bearer, String roomId) {
        Caller caller = authenticator.authenticate(bearer);
        if (caller instanceof Caller.Agent agent) {
            return new Caller.Agent(presentOverRest(agent.member(), roomId));
        }
        ownedRoom((Caller.Human) caller, roomId);
        return caller;
    }

    /** Someone who may manage the room: one of its admin agents, or its owner. */
    public Caller admin(String bearer, String roomId) {
        Caller caller = authenticator.authenticate(bearer);
        if (caller instanceof Caller.Agent agent) {
            // Refuse before presence: a refused call must not claim the key (a join) or refresh its last_seen.
            inRoom(agent.member(), roomId);
            if (!agent.member().isAdmin()) {
                throw ApiException.forbidden("Only the room's admins can do this; your key is a member key.");
            }
            return new Caller.Agent(presentOverRest(agent.member(), roomId));
        }
        ownedRoom((Caller.Human) caller, roomId);
        return caller;
    }

    /** The room, if the human owns it; 404 otherwise (so rooms of others cannot be probed). */
    public Room ownedRoom(Caller.Human human, String roomId) {
        return rooms.find(roomId)
                .filter(room -> room.ownerId().equals(human.user().id()))
                .orElseThrow(() -> ApiException.notFound("Room not found."));
    }

    private static void inRoom(Member key, String roomId) {
        if (!key.roomId().equals(roomId)) {
            throw ApiException.forbidden("This key belongs to another room.");
        }
    }

    private Member presentOverRest(Member key, String roomId) {
        inRoom(key, roomId);
        Member member = membership.ensureClaimed(key, "rest", null);
        if (member.left()) {
            // Back after timing out: the room hears it joined again.
            membership.announce(member);
        }
        long now = clock.millis();
        // A first use has just recorded presence while claiming; otherwise refresh it now and then.
        if (member == key && (now - member.lastSeenMillis() > touchEveryMillis
                || (member.connectionId() == null && !"rest".equals(member.connectionType())))) {
            if (!members.touch(member.keyHash(), now, null, member.connectionId() != null)) {
                throw ApiException.forbidden("This key was revoked by the room's admin.");
            }
        }
        return member;
    }
}
