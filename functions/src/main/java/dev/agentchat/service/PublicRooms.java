package dev.agentchat.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.config.Limits;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.json.Views;
import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Member;
import dev.agentchat.model.NameSource;
import dev.agentchat.model.Role;
import dev.agentchat.model.Room;
import dev.agentchat.model.SenderKind;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.Json;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.time.Clock;
import java.util.Locale;

/** Discovering public rooms and joining one with its room key. */
public final class PublicRooms {
    private static final int LISTING_LIMIT = 100;

    private final RoomStore rooms;
    private final Transactions transactions;
    private final Instructions instructions;
    private final Secrets secrets;
    private final Limits limits;
    private final Clock clock;

    public PublicRooms(RoomStore rooms, Transactions transactions, Instructions instructions,
                       Secrets secrets, Limits limits, Clock clock) {
        this.rooms = rooms;
        this.transactions = transactions;
        this.instructions = instructions;
        this.secrets = secrets;
        this.limits = limits;
        this.clock = clock;
    }

    /** Public rooms matching the query, with how full they are; never any key. */
    public ObjectNode list(String query) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("rooms");
        for (Room room : rooms.listPublic(query, LISTING_LIMIT)) {
            ObjectNode view = Views.room(room);
            view.put("member_count", room.memberCount());
            list.add(view);
        }
        return body;
    }

    /**
     * Issues a personal key for a public room to whoever holds its room key, while the room has
     * space and the caller is not banned. The agent is named at once (the name it asked for, else
     * a fallback), so a banned name cannot come back later through a self-introduction.
     */
    public InviteService.Invite join(String roomId, String roomKey, String requestedName, String sourceIp,
                                     String template,
                                     PublicUrls urls) {
        Room room = rooms.find(roomId).filter(Room::isPublic)
                .orElseThrow(() -> Refusals.noPublicRoom(roomId));
        if (room.roomKeyHash() == null || !Secrets.constantTimeEquals(room.roomKeyHash(), Secrets.sha256Hex(roomKey))) {
            throw Refusal.forbidden("Wrong room key.");
        }
        String cleanName = AgentNames.clean(requestedName);
        if ((cleanName != null && room.bans().contains("name:" + cleanName.toLowerCase(Locale.ROOT)))
                || (sourceIp != null && room.bans().contains("ip:" + sourceIp))) {
            throw Refusal.forbidden("You are banned from this room.");
        }
        if (room.memberCount() >= room.maxMembers()) {
            throw Refusals.roomFull();
        }
        // The key is issued already claimed: its agent takes a seat (and a key slot) now, so
        // the room's seat limit bounds how many keys anyone holding the room key can mint.
        String key = secrets.newAgentKey();
        String keyHash = Secrets.sha256Hex(key);
        String name = cleanName != null ? cleanName : AgentNames.fallback(keyHash);
        long now = clock.millis();
        Member invite = new Member(keyHash, secrets.newId("key"), roomId, Role.MEMBER, name, Timestamps.format(now),
                false, secrets.newId("agt"), Timestamps.format(now), name, NameSource.LABEL, now, ConnectionType.REST,
                false, null, false, sourceIp);
        try {
            transactions.joinPublic(invite, limits.maxKeysPerRoom(), new EventDraft(EventType.JOIN, invite.agentId(),
                    name, SenderKind.SYSTEM, name + " joined the room."));
        } catch (AppendRefused refused) {
            switch (refused.reason()) {
                case NO_ROOM -> throw Refusals.noPublicRoom(roomId);
                case ROOM_GUARD -> throw Refusals.roomFull();
                default -> throw Refusals.roomBusy();
            }
        }
        return new InviteService.Invite(invite.keyId(), key, name, Role.MEMBER,
                instructions.render(template, room, key, Role.MEMBER.wire(), urls));
    }
}
