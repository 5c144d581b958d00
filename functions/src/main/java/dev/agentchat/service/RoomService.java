package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.Guard;
import dev.agentchat.model.HumanRole;
import dev.agentchat.model.Member;
import dev.agentchat.model.Principal;
import dev.agentchat.model.Role;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomHuman;
import dev.agentchat.model.RoomType;
import dev.agentchat.model.User;
import dev.agentchat.store.HumanStore;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creating rooms, listing a human's rooms, and what a room looks like from inside. */
public final class RoomService {
    /** What a new room's owner gets back once: the room, its admin key and the instructions. */
    public record CreatedRoom(Room room, String adminKey, String adminKeyId, String roomKey, String instructions) {
    }

    /** A room as seen from inside: the room and who is in it. */
    public record RoomInfo(Room room, List<Presence.Agent> agents) {
    }

    /** One of a human's rooms and their role in it. */
    public record MyRoom(Room room, HumanRole role) {
    }

    /** The settings a new room is created with. */
    public record NewRoom(String name, String description, RoomType type, Integer maxMembers) {
    }

    private final RoomStore rooms;
    private final MemberStore members;
    private final HumanStore humans;
    private final Transactions transactions;
    private final Instructions instructions;
    private final Presence presence;
    private final Secrets secrets;
    private final Limits limits;
    private final Clock clock;

    public RoomService(RoomStore rooms, MemberStore members, HumanStore humans, Transactions transactions,
                       Instructions instructions, Presence presence, Secrets secrets, Limits limits, Clock clock) {
        this.rooms = rooms;
        this.members = members;
        this.humans = humans;
        this.transactions = transactions;
        this.instructions = instructions;
        this.presence = presence;
        this.secrets = secrets;
        this.limits = limits;
        this.clock = clock;
    }

    public CreatedRoom create(User owner, NewRoom request, PublicUrls urls) {
        int maxMembers = request.maxMembers() == null ? limits.defaultMaxMembers() : request.maxMembers();
        if (maxMembers > limits.maxMembersCeiling()) {
            throw Refusals.maxMembersAbove(limits.maxMembersCeiling());
        }
        String now = Timestamps.format(clock.millis());
        String roomKey = request.type() == RoomType.PUBLIC ? secrets.newRoomKey() : null;
        Room room = new Room(secrets.newId("room"), request.name(), request.description(), request.type(), maxMembers,
                owner.id(), now, 0, 0, 0, 1, roomKey == null ? null : Secrets.sha256Hex(roomKey), Set.of(),
                Guard.fresh(limits.defaultTurnBudget()));
        String adminKey = secrets.newAgentKey();
        // The owner vouches for the admin key they are handed with the room.
        Member admin = Member.newKey(Secrets.sha256Hex(adminKey), secrets.newId("key"), room.id(), Role.ADMIN, null, now,
                null, Principal.of(owner));
        RoomHuman first = new RoomHuman(room.id(), owner.id(), owner.name(), HumanRole.OWNER, now);
        switch (transactions.createRoom(room, admin, first, limits.maxRoomsPerUser())) {
            case ROOM_LIMIT_REACHED:
                throw new Refusal(ErrorCode.LIMIT_EXCEEDED,
                        "You already have " + limits.maxRoomsPerUser() + " rooms, the most allowed. Delete one first.");
            case NO_SUCH_USER:
                throw Refusal.unauthorized("Your account no longer exists.");
            default:
                String block = instructions.render(Instructions.DEFAULT_TEMPLATE, room, admin.keyId(), adminKey, Role.ADMIN.wire(), urls);
                return new CreatedRoom(room, adminKey, admin.keyId(), roomKey, block);
        }
    }

    /**
     * Every room the human owns or belongs to, with their role in each: the rooms they own newest
     * first, then the others newest first. Two queries, and one batch read when they belong to
     * rooms of others (rooms made before rooms had humans are found through their owner).
     */
    public List<MyRoom> listFor(User user) {
        List<MyRoom> mine = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Room room : rooms.listByOwner(user.id())) {
            mine.add(new MyRoom(room, HumanRole.OWNER));
            seen.add(room.id());
        }
        Map<String, HumanRole> elsewhere = new HashMap<>();
        for (RoomHuman place : humans.listByUser(user.id())) {
            if (!seen.contains(place.roomId()) && place.role() != HumanRole.OWNER) {
                elsewhere.put(place.roomId(), place.role());
            }
        }
        if (!elsewhere.isEmpty()) {
            rooms.findAll(List.copyOf(elsewhere.keySet())).stream()
                    .sorted(Comparator.comparing(Room::createdAt).reversed())
                    .forEach(room -> mine.add(new MyRoom(room, elsewhere.get(room.id()))));
        }
        return mine;
    }

    /** The room and its current agents (claimed, not revoked), in the order they first came. */
    public RoomInfo info(String roomId) {
        return info(rooms.find(roomId).orElseThrow(Refusals::roomNotFound));
    }

    /** As {@link #info(String)}, for the room as the caller already read it. */
    public RoomInfo info(Room room) {
        return new RoomInfo(room, agents(members.listByRoom(room.id())));
    }

    /** The room's current agents among {@code roomKeys} (all its keys, as listed), in the order they first came. */
    public List<Presence.Agent> agents(List<Member> roomKeys) {
        return roomKeys.stream()
                .filter(m -> m.claimed() && !m.revoked())
                .sorted(Comparator.comparing(Member::claimedAt))
                .map(presence::of)
                .toList();
    }
}
