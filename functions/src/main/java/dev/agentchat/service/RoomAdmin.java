package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.Connection;
import dev.agentchat.model.Member;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomType;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.EventStore;
import dev.agentchat.store.HumanStore;
import dev.agentchat.store.IdempotencyStore;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RateLimitStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.Secrets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Changing a room's settings and deleting a room with everything in it. */
public final class RoomAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(RoomAdmin.class);
    /** A deletion takes well under a second; one still marked after this long was abandoned. */
    static final long ABANDONED_AFTER_MILLIS = 60_000;

    /**
     * A settings change as requested; null = unchanged.
     *
     * @param turnBudget the loop guard's agent_turn_budget (0 = off); only a human may change it
     */
    public record Patch(String name, String description, RoomType type, Integer maxMembers, boolean rotateRoomKey,
                        Integer turnBudget, Integer retentionDays) {
    }

    /** The longest retention_days a room may set (ten years); 0 = keep events forever. */
    public static final int MAX_RETENTION_DAYS = 3650;

    /** A room after a settings change; {@code roomKey} is the new public join key, if one was made. */
    public record Updated(Room room, String roomKey) {
    }

    /** What a deletion removed: the room's keys, its events and the sockets it closed. */
    public record Deletion(String roomId, int keys, int events, int connections) {
    }

    private final RoomStore rooms;
    private final MemberStore members;
    private final EventStore events;
    private final IdempotencyStore idempotency;
    private final RateLimitStore rateLimits;
    private final HumanStore humans;
    private final Transactions transactions;
    private final ConnectionStore connections;
    private final SocketCloser closer;
    private final Secrets secrets;
    private final Limits limits;
    private final Clock clock;

    /** Takes the store of each table a room has items in: deleting the room empties every one. */
    public RoomAdmin(RoomStore rooms, MemberStore members, EventStore events, IdempotencyStore idempotency,
                     RateLimitStore rateLimits, HumanStore humans, ConnectionStore connections,
                     Transactions transactions, SocketCloser closer, Secrets secrets, Limits limits, Clock clock) {
        this.rooms = rooms;
        this.members = members;
        this.events = events;
        this.idempotency = idempotency;
        this.rateLimits = rateLimits;
        this.humans = humans;
        this.transactions = transactions;
        this.connections = connections;
        this.closer = closer;
        this.secrets = secrets;
        this.limits = limits;
        this.clock = clock;
    }

    /** Applies the patch; returns the room as it is now, with the new room key when one was made. */
    public Updated update(String roomId, Patch patch) {
        Room room = rooms.find(roomId).orElseThrow(Refusals::roomNotFound);
        if (patch.maxMembers() != null && patch.maxMembers() > limits.maxMembersCeiling()) {
            throw Refusals.maxMembersAbove(limits.maxMembersCeiling());
        }
        RoomType type = patch.type() == null ? room.type() : patch.type();
        if (patch.rotateRoomKey() && type != RoomType.PUBLIC) {
            throw Refusal.badRequest("Only a public room has a room key to rotate.");
        }
        boolean newKey = type == RoomType.PUBLIC && (!room.isPublic() || patch.rotateRoomKey());
        String roomKey = newKey ? secrets.newRoomKey() : null;
        RoomStore.Changes changes = new RoomStore.Changes(patch.name(), patch.description(), patch.type(),
                patch.maxMembers(), roomKey == null ? null : Secrets.sha256Hex(roomKey), type == RoomType.PRIVATE,
                patch.turnBudget(), patch.retentionDays());
        switch (rooms.update(roomId, changes)) {
            case NO_ROOM -> throw Refusals.roomNotFound();
            case TOO_MANY_MEMBERS -> throw new Refusal(ErrorCode.CONFLICT, "The room has " + room.memberCount()
                    + " members; remove some before lowering max_members below that.");
            default -> {
            }
        }
        return new Updated(rooms.find(roomId).orElseThrow(Refusals::roomNotFound), roomKey);
    }

    /**
     * Deletes the room and all it holds. The room is first marked (from then on it is gone for
     * everyone: its keys are refused, nothing can be appended, its sockets are closed), then its
     * contents go, the room item last. Each step may be repeated, so a delete that failed partway
     * is finished by deleting again (this answers as the first delete would have) or by the sweeper.
     */
    public Deletion delete(String roomId) {
        Optional<Room> live = rooms.find(roomId);
        if (live.isPresent()) {
            // False only if a concurrent delete marked it first: finishing it here is as good.
            transactions.beginDeletion(live.get(), clock.millis());
        } else if (rooms.findDeleting(roomId).isEmpty()) {
            throw Refusals.roomNotFound();
        }
        return finishDeletion(roomId);
    }

    /** Deletes what a room marked for deletion still holds, then the room item; safe to repeat. */
    private Deletion finishDeletion(String roomId) {
        List<Connection> sockets = connections.listByRoom(roomId);
        for (Connection socket : sockets) {
            connections.delete(socket.id());
            closer.close(socket.id(), ErrorCode.NOT_FOUND, "This room was deleted.");
        }
        // Rate-limit cells are found through the keys' agent ids, so they go before the keys.
        List<Member> keys = members.listByRoom(roomId);
        rateLimits.deleteCells(keys.stream().filter(Member::claimed).map(Member::agentId).toList());
        members.deleteAll(keys);
        idempotency.deleteRoom(roomId);
        // Its humans' places go too (their invite links left unused expire: the room they name is gone).
        humans.deleteRoom(roomId);
        int eventCount = events.deleteRoom(roomId);
        rooms.removeDeleted(roomId);
        return new Deletion(roomId, keys.size(), eventCount, sockets.size());
    }

    /**
     * Finishes the deletions that began over a minute ago and never finished (the delete failed
     * or died: the sweeper calls this); returns how many it finished. One room that cannot be
     * finished now is logged and left for the next call.
     */
    public int finishAbandonedDeletions() {
        int finished = 0;
        try {
            for (String roomId : rooms.listDeleting(clock.millis() - ABANDONED_AFTER_MILLIS)) {
                try {
                    finishDeletion(roomId);
                    finished++;
                } catch (RuntimeException e) {
                    LOG.warn("could not finish deleting room {}", roomId, e);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not list abandoned room deletions", e);
        }
        return finished;
    }
}
