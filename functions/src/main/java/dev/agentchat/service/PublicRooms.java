package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.store.EventStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.support.Secrets;
import java.util.List;
import java.util.Locale;

/** Discovering public rooms and joining one with its room key. */
public final class PublicRooms {
    private static final int LISTING_LIMIT = 100;

    /** How many of a public room's latest events a preview shows. */
    public static final int PREVIEW_EVENTS = 50;

    /** A public room's latest events, oldest first; {@code hasMore} if older ones exist. */
    public record Preview(Room room, List<RoomEvent> events, boolean hasMore) {
    }

    private final RoomStore rooms;
    private final InviteService invites;
    private final EventStore events;
    private final Membership membership;

    public PublicRooms(RoomStore rooms, InviteService invites, EventStore events, Membership membership) {
        this.rooms = rooms;
        this.invites = invites;
        this.events = events;
        this.membership = membership;
    }

    /** A read-only look into a public room: its latest events; a private or missing room is not found. */
    public Preview preview(String roomId) {
        Room room = rooms.find(roomId).filter(Room::isPublic).orElseThrow(() -> Refusals.noPublicRoom(roomId));
        EventStore.Page page = events.before(roomId, Long.MAX_VALUE, PREVIEW_EVENTS);
        return new Preview(room, page.events(), page.hasMore());
    }

    /** Public rooms matching the query, with how full they are; never any key. */
    public List<Room> list(String query) {
        return rooms.listPublic(query, LISTING_LIMIT);
    }

    /**
     * Issues a personal key for a public room to whoever holds its room key, while the room has
     * space and the caller is not banned. The agent is named at once (the name it asked for, else
     * a fallback), so a banned name cannot come back later through a self-introduction; a name
     * another agent of the room has already gets a number ("Claude (2)"), as on an invite's claim.
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
        // No key of this joiner exists yet, so every named agent of the room counts as taken.
        String name = cleanName == null ? null : membership.unique(roomId, cleanName, null);
        return invites.joinPublic(room, name, sourceIp, template, urls);
    }
}
