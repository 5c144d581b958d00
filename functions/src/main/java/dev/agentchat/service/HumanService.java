package dev.agentchat.service;

import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.Connection;
import dev.agentchat.model.HumanInvite;
import dev.agentchat.model.HumanRole;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomHuman;
import dev.agentchat.model.User;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.HumanInviteStore;
import dev.agentchat.store.HumanStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.store.UserStore;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The humans of a room (SPEC §10): invite links, accepting them, listing and removing humans.
 * The owner is the room's first human; others join only through a link.
 */
public final class HumanService {
    /** The path of the web UI's accept page, after the web UI's address; the token follows. */
    public static final String ACCEPT_PAGE = "/#/accept/";

    /** A new link, shown once: its plaintext token exists nowhere else. */
    public record Link(String inviteId, String token, String link, HumanRole role, String expiresAt) {
    }

    /** What accepting a link gave: the room and the human's role in it. */
    public record Accepted(Room room, HumanRole role) {
    }

    private final HumanStore humans;
    private final HumanInviteStore invites;
    private final RoomStore rooms;
    private final UserStore users;
    private final ConnectionStore connections;
    private final Transactions transactions;
    private final SocketCloser sockets;
    private final Secrets secrets;
    private final Clock clock;
    private final long linkTtlMillis;
    private final int maxOutstandingLinks;

    /**
     * @param maxOutstandingLinks how many links of a room may wait to be accepted at once
     *                            ({@code LIMIT_HUMAN_LINKS_PER_ROOM})
     */
    public HumanService(HumanStore humans, HumanInviteStore invites, RoomStore rooms, UserStore users,
                        ConnectionStore connections, Transactions transactions, SocketCloser sockets, Secrets secrets,
                        Clock clock, int linkTtlHours, int maxOutstandingLinks) {
        this.humans = humans;
        this.invites = invites;
        this.rooms = rooms;
        this.users = users;
        this.connections = connections;
        this.transactions = transactions;
        this.sockets = sockets;
        this.secrets = secrets;
        this.clock = clock;
        this.linkTtlMillis = linkTtlHours * 3_600_000L;
        this.maxOutstandingLinks = maxOutstandingLinks;
    }

    /**
     * A new single-use link into the room.
     *
     * @param createdBy    the user making it; null when an admin agent makes it (with a {@code for_human} invite)
     * @param agentKeyHash the agent key whose principal the accepting human becomes, or null
     * @param webBase      the web UI's address, no trailing slash
     */
    public Link invite(String roomId, String createdBy, HumanRole role, String agentKeyHash, String webBase) {
        if (role == HumanRole.OWNER) {
            throw Refusal.badRequest("'role' must be \"moderator\" or \"member\": a room has one owner.");
        }
        checkRoomForLink(roomId);
        long now = clock.millis();
        String token = secrets.newHumanInviteToken();
        HumanInvite invite = new HumanInvite(Secrets.sha256Hex(token), secrets.newId("hinv"), roomId, role, createdBy,
                Timestamps.format(now), now + linkTtlMillis, null, null, agentKeyHash, null);
        invites.create(invite);
        return new Link(invite.inviteId(), token, webBase + ACCEPT_PAGE + token, role,
                Timestamps.format(invite.expiresAtMillis()));
    }

    /**
     * Refuses a new link while the room has as many outstanding ones as allowed, so that links
     * nobody accepts cannot pile up (each is a way into the room). Counted from an eventually
     * consistent index: two links made at the same instant may pass one over the limit.
     */
    public void checkRoomForLink(String roomId) {
        if (outstanding(roomId).size() >= maxOutstandingLinks) {
            throw new Refusal(ErrorCode.LIMIT_EXCEEDED, "This room already has " + maxOutstandingLinks
                    + " invite links waiting to be accepted, the most allowed; revoke one first.");
        }
    }

    /** How many links of one room may wait to be accepted at once ({@code LIMIT_HUMAN_LINKS_PER_ROOM}). */
    public int maxOutstandingLinks() {
        return maxOutstandingLinks;
    }

    /** The room's links that could still be accepted (unused, unrevoked, unexpired), oldest first. */
    public List<HumanInvite> outstanding(String roomId) {
        long now = clock.millis();
        List<HumanInvite> links = new ArrayList<>(invites.listByRoom(roomId).stream()
                .filter(link -> link.outstanding(now)).toList());
        links.sort(Comparator.comparing(HumanInvite::createdAt).thenComparing(HumanInvite::inviteId));
        return links;
    }

    /**
     * Revokes one of the room's links by its public id: from now on accepting it is 409. A link
     * already used cannot be revoked (remove the human instead); revoking an expired or revoked
     * link again changes nothing and says so as success.
     */
    public HumanInvite revoke(String roomId, String inviteId) {
        HumanInvite link = invites.listByRoom(roomId).stream().filter(l -> l.inviteId().equals(inviteId))
                .findFirst().orElseThrow(Refusals::noSuchHumanLink);
        if (link.used() || !invites.revoke(roomId, link.tokenHash(), Timestamps.format(clock.millis()))) {
            throw Refusal.conflict("This invite link was already used; remove the human it brought in instead.");
        }
        return link;
    }

    /**
     * The signed-in user accepts a link. Someone already in the room keeps their role, and a plain
     * link stays unspent for the person it was meant for (opening it twice, or the owner trying
     * it, must not waste it); a {@code for_human} link is spent, since what it promises is that its
     * acceptor becomes the agent's principal. Unknown is 404; used or expired is 409; nothing changes.
     */
    public Accepted accept(User user, String token) {
        if (token == null || !token.startsWith("hi_")) {
            throw Refusal.badRequest("'token' must be the hi_ token of a human invite link.");
        }
        HumanInvite invite = invites.find(Secrets.sha256Hex(token)).orElseThrow(Refusals::humanLinkUnknown);
        long now = clock.millis();
        if (invite.used()) {
            throw Refusals.humanLinkUsed();
        }
        if (invite.revoked()) {
            throw Refusals.humanLinkRevoked();
        }
        if (invite.expired(now)) {
            throw Refusals.humanLinkExpired();
        }
        Room room = rooms.find(invite.roomId()).orElseThrow(Refusals::roomGone);
        Optional<HumanRole> existing = roleIn(room, user.id());
        if (existing.isPresent() && invite.agentKeyHash() == null) {
            return new Accepted(room, existing.get());
        }
        RoomHuman joining = existing.isPresent() ? null
                : new RoomHuman(room.id(), user.id(), user.name(), invite.role(), Timestamps.format(now));
        switch (transactions.acceptHumanInvite(invite, joining, user.id(), user.name(), now)) {
            case LINK_SPENT -> {
                // Lost a race with another acceptor or a revocation, or expired this very moment: say which.
                HumanInvite latest = invites.find(invite.tokenHash()).orElse(invite);
                throw latest.used() ? Refusals.humanLinkUsed()
                        : latest.revoked() ? Refusals.humanLinkRevoked() : Refusals.humanLinkExpired();
            }
            case ALREADY_IN_ROOM -> {
                // Joined through another link meanwhile: the same answer as having been in already.
                return new Accepted(room, roleIn(room, user.id()).orElseThrow(Refusals::roomNotFound));
            }
            case KEY_UNUSABLE -> throw Refusals.humanLinkKeyRevoked();
            default -> {
                return new Accepted(room, existing.orElse(invite.role()));
            }
        }
    }

    /** The room's humans, the owner first, then by when they joined. */
    public List<RoomHuman> list(Room room) {
        List<RoomHuman> list = new ArrayList<>(humans.listByRoom(room.id()));
        if (list.stream().noneMatch(h -> h.userId().equals(room.ownerId()))) {
            // A room made before rooms had humans has no owner item: the room names its owner.
            users.findById(room.ownerId()).ifPresent(owner -> list.add(
                    new RoomHuman(room.id(), owner.id(), owner.name(), HumanRole.OWNER, room.createdAt())));
        }
        list.sort(Comparator.comparing((RoomHuman h) -> h.role() != HumanRole.OWNER)
                .thenComparing(RoomHuman::joinedAt).thenComparing(RoomHuman::userId));
        return list;
    }

    /**
     * Removes a human from the room: from now on their session is refused there, and their watch
     * sockets in the room are closed. The owner cannot be removed; a moderator may remove members only.
     */
    public RoomHuman remove(Room room, HumanRole removedBy, String userId) {
        if (userId.equals(room.ownerId())) {
            throw Refusal.forbidden("The room's owner cannot be removed.");
        }
        RoomHuman target = humans.find(room.id(), userId).orElseThrow(Refusals::noSuchHuman);
        if (target.role() == HumanRole.OWNER) {
            throw Refusal.forbidden("The room's owner cannot be removed.");
        }
        if (removedBy != HumanRole.OWNER && target.role() != HumanRole.MEMBER) {
            throw Refusal.forbidden("Moderators can remove members only; ask the room's owner.");
        }
        if (!humans.removeNonOwner(room.id(), userId)) {
            throw Refusals.noSuchHuman();
        }
        closeWatchers(room.id(), userId, "You were removed from this room.");
        return target;
    }

    /**
     * A moderator or member leaves the room themself: as if removed (their session is refused
     * there from now on, their watch sockets close), except that it is their own choice. The owner
     * cannot leave: a room without an owner would have nobody to invite humans, change its
     * settings or delete it, and the admin key's principal would vouch for a room they left.
     * There is no handing over yet, so the owner deletes the room instead.
     */
    public void leave(RoomAccess.Place place) {
        if (place.role() == HumanRole.OWNER) {
            throw Refusal.conflict("The owner cannot leave their own room; delete the room instead.");
        }
        String userId = place.human().user().id();
        if (!humans.removeNonOwner(place.room().id(), userId)) {
            throw Refusals.noSuchHuman();
        }
        closeWatchers(place.room().id(), userId, "You left this room.");
    }

    private void closeWatchers(String roomId, String userId, String why) {
        for (Connection connection : connections.listByRoom(roomId)) {
            if (Connection.WATCHER.equals(connection.kind()) && userId.equals(connection.agentId())) {
                sockets.close(connection.id(), ErrorCode.KICKED, why);
            }
        }
    }

    /** The user's role in the room, if they have one (the owner's without a read). */
    private Optional<HumanRole> roleIn(Room room, String userId) {
        if (room.ownerId().equals(userId)) {
            return Optional.of(HumanRole.OWNER);
        }
        return humans.find(room.id(), userId).map(RoomHuman::role);
    }
}
