package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.HumanRole;
import dev.agentchat.model.Member;
import dev.agentchat.model.Room;
import dev.agentchat.store.HumanStore;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RoomStore;
import java.time.Clock;

/**
 * Decides who may do what in a room. Agents are confined to the room of their key; humans see
 * only the rooms they are humans of, by role (owner, moderator, member), and a room they are not
 * in looks exactly like one that does not exist.
 */
public final class RoomAccess {
    /** A human's place in a room: who, the room, and their role there. */
    public record Place(Caller.Human human, Room room, HumanRole role) implements Poster {
    }

    /** REST activity newer than this does not rewrite the agent's presence (at most 10 s). */
    private final long touchEveryMillis;

    private final Authenticator authenticator;
    private final Membership membership;
    private final MemberStore members;
    private final RoomStore rooms;
    private final HumanStore humans;
    private final Clock clock;

    public RoomAccess(Authenticator authenticator, Membership membership, MemberStore members, RoomStore rooms,
                      HumanStore humans, Clock clock, int agentTimeoutSeconds) {
        // A third of the timeout keeps an active agent present however short the timeout is set.
        this.touchEveryMillis = Math.min(10_000, agentTimeoutSeconds * 1000L / 3);
        this.authenticator = authenticator;
        this.membership = membership;
        this.members = members;
        this.rooms = rooms;
        this.humans = humans;
        this.clock = clock;
    }

    /** The agent calling over REST, claimed and present in {@code roomId}. */
    public Member restAgent(String bearer, String roomId) {
        return present(checkRestAgent(bearer, roomId));
    }

    /** Anyone who may see the room, present in it if an agent: one of its agents, or one of its humans. */
    public Caller viewer(String bearer, String roomId) {
        return present(checkViewer(bearer, roomId), roomId);
    }

    /** Someone who may manage the room, present in it if an agent: one of its admin agents, its owner or a moderator. */
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

    /** One of the room's agents (not yet claimed or marked present), or one of its humans (any role). */
    public Caller checkViewer(String bearer, String roomId) {
        Poster poster = checkPoster(bearer, roomId);
        return poster instanceof Place place ? place.human() : (Caller.Agent) poster;
    }

    /** As {@link #checkViewer}, keeping a human's place (and the room as read for it) for their post. */
    public Poster checkPoster(String bearer, String roomId) {
        Caller caller = authenticator.authenticateIn(bearer, roomId);
        if (caller instanceof Caller.Agent agent) {
            inRoom(agent.member(), roomId);
            return agent;
        }
        return place((Caller.Human) caller, roomId);
    }

    /** One of the room's admin agents (not yet claimed or marked present), or its owner or a moderator. */
    public Caller checkAdmin(String bearer, String roomId) {
        Caller caller = authenticator.authenticateIn(bearer, roomId);
        if (caller instanceof Caller.Agent agent) {
            adminKey(agent, roomId);
            return caller;
        }
        moderating((Caller.Human) caller, roomId);
        return caller;
    }

    /**
     * One of the room's admin agents (not yet claimed or marked present), or one of its humans
     * (any role): who may export the room's transcript (SPEC §14).
     */
    public Caller checkRecords(String bearer, String roomId) {
        Caller caller = authenticator.authenticate(bearer);
        if (caller instanceof Caller.Agent agent) {
            adminKey(agent, roomId);
            return caller;
        }
        place((Caller.Human) caller, roomId);
        return caller;
    }

    /**
     * One of the room's admin agents, or its owner: who may change the room's settings (moderators
     * may not: the owner decides what the room is).
     */
    public Caller checkSettings(String bearer, String roomId) {
        Caller caller = authenticator.authenticateIn(bearer, roomId);
        if (caller instanceof Caller.Agent agent) {
            adminKey(agent, roomId);
            return caller;
        }
        owning((Caller.Human) caller, roomId, "change the room's settings");
        return caller;
    }

    /**
     * A human who may moderate the room (pause, resume, manage its humans): its owner or a
     * moderator. Agent keys are refused, since what such a human does is meant to stop or steer
     * the agents. Writes nothing.
     */
    public Place checkModerator(String bearer, String roomId, String what) {
        Caller caller = authenticator.authenticate(bearer);
        if (caller instanceof Caller.Human human) {
            return moderating(human, roomId);
        }
        throw Refusals.humansOnly(what);
    }

    /** Any human of the room (owner, moderator or member); agent keys are refused. Writes nothing. */
    public Place checkHuman(String bearer, String roomId, String what) {
        Caller caller = authenticator.authenticate(bearer);
        if (caller instanceof Caller.Human human) {
            return place(human, roomId);
        }
        throw Refusals.humansOnly(what);
    }

    /** The room's owner (a human): who alone may invite other humans. Writes nothing. */
    public Caller.Human checkOwner(String bearer, String roomId, String what) {
        Caller caller = authenticator.authenticate(bearer);
        if (caller instanceof Caller.Human human) {
            owning(human, roomId, what);
            return human;
        }
        throw Refusals.humansOnly(what);
    }

    /**
     * The human's place in the room; 404 if they have none (so rooms of others cannot be probed).
     * The owner costs one read (the room names them), anyone else one more.
     */
    public Place place(Caller.Human human, String roomId) {
        Room room = rooms.find(roomId).orElseThrow(Refusals::roomNotFound);
        String userId = human.user().id();
        if (room.ownerId().equals(userId)) {
            return new Place(human, room, HumanRole.OWNER);
        }
        return humans.find(roomId, userId).map(h -> new Place(human, room, h.role()))
                .orElseThrow(Refusals::roomNotFound);
    }

    private Place moderating(Caller.Human human, String roomId) {
        Place place = place(human, roomId);
        if (!place.role().moderates()) {
            throw Refusals.moderatorsOnly();
        }
        return place;
    }

    private Place owning(Caller.Human human, String roomId, String what) {
        Place place = place(human, roomId);
        if (place.role() != HumanRole.OWNER) {
            throw Refusals.ownerOnly(what);
        }
        return place;
    }

    private static void adminKey(Caller.Agent agent, String roomId) {
        inRoom(agent.member(), roomId);
        // The role is on the key itself: a member key is refused before anything about it is recorded.
        if (!agent.member().isAdmin()) {
            throw Refusals.adminsOnly();
        }
    }

    /**
     * Records a checked caller's presence: an agent's key is claimed on first use and its last_seen
     * refreshed. The agent keeps the room as authentication read it unless being present appended
     * to the room (a first use's join, a return after timing out): then it is out of date.
     */
    public Caller present(Caller caller, String roomId) {
        return present(caller, roomId, null);
    }

    /**
     * As {@link #present(Caller, String)} for a request that sends {@code message}: a key whose
     * first use it is, without a label, is named by the message's introduction ("Hi, I'm Opus")
     * as it is claimed, so the room's join event already says "Opus joined" (SPEC §8).
     */
    public Caller present(Caller caller, String roomId, String message) {
        if (caller instanceof Caller.Agent agent) {
            Member present = presentOverRest(agent.member(), agent.member().roomId(), message);
            boolean roomUnchanged = present == agent.member() && !agent.member().left();
            return new Caller.Agent(present, roomUnchanged ? agent.room() : null);
        }
        return caller;
    }

    /** Records a checked agent key's presence in its room (claims it on first use). */
    public Member present(Member key) {
        return presentOverRest(key, key.roomId(), null);
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
        Caller.Human human = (Caller.Human) caller;
        boolean owns = rooms.find(roomId).or(() -> rooms.findDeleting(roomId))
                .filter(room -> room.ownerId().equals(human.user().id())).isPresent();
        if (!owns) {
            // A moderator or member of the live room is told why; anyone else finds no room.
            owning(human, roomId, "delete the room");
        }
        return caller;
    }

    private static void inRoom(Member key, String roomId) {
        if (!key.roomId().equals(roomId)) {
            throw Refusals.keyOfAnotherRoom();
        }
    }

    private Member presentOverRest(Member key, String roomId, String message) {
        inRoom(key, roomId);
        // Only a first use without a label reads the introduction: the scan costs nothing otherwise.
        String introName = message != null && !key.claimed() && key.label() == null
                ? AgentNames.fromIntroduction(message) : null;
        if (introName != null) {
            introName = membership.unique(roomId, introName, key.keyHash());
        }
        Member member = membership.ensureClaimed(key, ConnectionType.REST, null, introName);
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
