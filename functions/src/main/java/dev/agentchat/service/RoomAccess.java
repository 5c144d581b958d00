package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.ConnectionType;
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
        return present(checkRestAgent(bearer, roomId));
    }

    /** Anyone who may see the room, present in it if an agent: one of its agents, or its owner. */
    public Caller viewer(String bearer, String roomId) {
        return present(checkViewer(bearer, roomId), roomId);
    }

    /** Someone who may manage the room, present in it if an agent: one of its admin agents, or its owner. */
    public Caller admin(String bearer, String roomId) {
        return present(checkAdmin(bearer, roomId), roomId);
    }

    /*
     * The check* methods authenticate and authorise without writing anything: a handler calls one,
     * then validates its input, then present(…), so that a request refused for any reason (bad
     * credential, bad body) stores nothing, and a missing credential is a 401 whatever the body.
     */

    /** The agent key calling over REST if it belongs to {@code roomId}; not yet claimed or marked present. */
    public Member checkRestAgent(String bearer, String roomId) {
        Caller caller = authenticator.authenticateIn(bearer, roomId);
        if (!(caller instanceof Caller.Agent agent)) {
            throw Refusal.forbidden("This route takes an agent key (Authorization: Bearer ak_…).");
        }
        inRoom(agent.member(), roomId);
        return agent.member();
    }

    /** One of the room's agents (not yet claimed or marked present), or its owner. */
    public Caller checkViewer(String bearer, String roomId) {
        Caller caller = authenticator.authenticateIn(bearer, roomId);
        if (caller instanceof Caller.Agent agent) {
            inRoom(agent.member(), roomId);
            return caller;
        }
        ownedRoom((Caller.Human) caller, roomId);
        return caller;
    }

    /** One of the room's admin agents (not yet claimed or marked present), or its owner. */
    public Caller checkAdmin(String bearer, String roomId) {
        Caller caller = authenticator.authenticateIn(bearer, roomId);
        if (caller instanceof Caller.Agent agent) {
            inRoom(agent.member(), roomId);
            // The role is on the key itself: a member key is refused before anything about it is recorded.
            if (!agent.member().isAdmin()) {
                throw Refusals.adminsOnly();
            }
            return caller;
        }
        ownedRoom((Caller.Human) caller, roomId);
        return caller;
    }

    /**
     * A human who may moderate the room (pause, resume): its owner. Agent keys are refused, since
     * what such a human does is meant to stop or steer the agents. Writes nothing.
     */
    public Caller.Human checkModerator(String bearer, String roomId, String what) {
        Caller caller = authenticator.authenticate(bearer);
        if (caller instanceof Caller.Human human) {
            ownedRoom(human, roomId);
            return human;
        }
        throw Refusals.humansOnly(what);
    }

    /**
     * Records a checked caller's presence: an agent's key is claimed on first use and its last_seen
     * refreshed. The agent keeps the room as authentication read it unless being present appended
     * to the room (a first use's join, a return after timing out): then it is out of date.
     */
    public Caller present(Caller caller, String roomId) {
        if (caller instanceof Caller.Agent agent) {
            Member present = present(agent.member());
            boolean roomUnchanged = present == agent.member() && !agent.member().left();
            return new Caller.Agent(present, roomUnchanged ? agent.room() : null);
        }
        return caller;
    }

    /** Records a checked agent key's presence in its room (claims it on first use). */
    public Member present(Member key) {
        return presentOverRest(key, key.roomId());
    }

    /**
     * Someone who may delete the room, also once its deletion has begun (so a delete that failed
     * partway can be finished): its owner, or one of its admin agents. Records no presence: the
     * room is going.
     */
    public Caller deleter(String bearer, String roomId) {
        Caller caller = authenticator.authenticateToDelete(bearer);
        if (caller instanceof Caller.Agent agent) {
            inRoom(agent.member(), roomId);
            if (!agent.member().isAdmin()) {
                throw Refusals.adminsOnly();
            }
            return caller;
        }
        String owner = ((Caller.Human) caller).user().id();
        rooms.find(roomId).or(() -> rooms.findDeleting(roomId))
                .filter(room -> room.ownerId().equals(owner))
                .orElseThrow(Refusals::roomNotFound);
        return caller;
    }

    /** The room, if the human owns it; 404 otherwise (so rooms of others cannot be probed). */
    public Room ownedRoom(Caller.Human human, String roomId) {
        return rooms.find(roomId)
                .filter(room -> room.ownerId().equals(human.user().id()))
                .orElseThrow(Refusals::roomNotFound);
    }

    private static void inRoom(Member key, String roomId) {
        if (!key.roomId().equals(roomId)) {
            throw Refusals.keyOfAnotherRoom();
        }
    }

    private Member presentOverRest(Member key, String roomId) {
        inRoom(key, roomId);
        Member member = membership.ensureClaimed(key, ConnectionType.REST, null);
        if (member.left()) {
            // Back after timing out: the room hears it joined again.
            membership.announce(member);
        }
        long now = clock.millis();
        // A first use has just recorded presence while claiming; otherwise refresh it now and then.
        if (member == key && (now - member.lastSeenMillis() > touchEveryMillis
                || (member.connectionId() == null && member.connectionType() != ConnectionType.REST))) {
            if (!members.touch(member.keyHash(), now, null, member.connectionId() != null)) {
                throw Refusals.keyRevoked();
            }
        }
        return member;
    }
}
