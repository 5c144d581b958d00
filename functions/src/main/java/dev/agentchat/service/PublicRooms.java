package dev.agentchat.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.config.Limits;
import dev.agentchat.http.ApiException;
import dev.agentchat.http.ErrorCode;
import dev.agentchat.json.Json;
import dev.agentchat.json.Views;
import dev.agentchat.model.Member;
import dev.agentchat.model.Role;
import dev.agentchat.model.Room;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RoomStore;
import java.time.Clock;
import java.util.Locale;

/** Discovering public rooms and joining one with its room key. */
public final class PublicRooms {
    private static final int LISTING_LIMIT = 100;

    private final RoomStore rooms;
    private final MemberStore members;
    private final Instructions instructions;
    private final Secrets secrets;
    private final Limits limits;
    private final Clock clock;

    public PublicRooms(RoomStore rooms, MemberStore members, Instructions instructions, Secrets secrets, Limits limits,
                       Clock clock) {
        this.rooms = rooms;
        this.members = members;
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
     * space and the caller is not banned.
     */
    public InviteService.Invite join(String roomId, String roomKey, String name, String sourceIp, String template,
                                     PublicUrls urls) {
        Room room = rooms.find(roomId).filter(Room::isPublic)
                .orElseThrow(() -> ApiException.notFound("No public room " + roomId + "."));
        if (room.roomKeyHash() == null || !Secrets.constantTimeEquals(room.roomKeyHash(), Secrets.sha256Hex(roomKey))) {
            throw ApiException.forbidden("Wrong room key.");
        }
        String cleanName = AgentNames.clean(name);
        if ((cleanName != null && room.bans().contains("name:" + cleanName.toLowerCase(Locale.ROOT)))
                || (sourceIp != null && room.bans().contains("ip:" + sourceIp))) {
            throw ApiException.forbidden("You are banned from this room.");
        }
        if (room.memberCount() >= room.maxMembers()) {
            throw new ApiException(ErrorCode.ROOM_FULL, "The room is full.");
        }
        String key = secrets.newAgentKey();
        Member invite = Member.newKey(Secrets.sha256Hex(key), secrets.newId("key"), roomId, Role.MEMBER, cleanName,
                Timestamps.format(clock.millis()), sourceIp);
        switch (members.createInvite(invite, limits.maxKeysPerRoom())) {
            case KEY_LIMIT_REACHED -> throw new ApiException(ErrorCode.ROOM_FULL,
                    "The room has no free invite slots left.");
            case NO_SUCH_ROOM -> throw ApiException.notFound("No public room " + roomId + ".");
            default -> {
            }
        }
        return new InviteService.Invite(invite.keyId(), key, cleanName, Role.MEMBER,
                instructions.render(template, room, key, Role.MEMBER.wire(), urls));
    }
}
