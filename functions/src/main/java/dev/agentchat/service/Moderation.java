package dev.agentchat.service;

import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.Ban;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Member;
import dev.agentchat.model.Room;
import dev.agentchat.model.SenderKind;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who stays in a room: listing invites, revoking keys, kicking and banning agents. Each removal
 * is one transaction (the key stops working, the room frees the seat, a system event says what
 * happened), after which the agent's live socket is closed with REVOKED or KICKED.
 */
public final class Moderation {
    /** Why a key was taken away; the frame code its socket is closed with. */
    public enum Removal {
        REVOKED(ErrorCode.REVOKED, "revoked", "%s's key was revoked.", "Your key was revoked by the room's admin."),
        KICKED(ErrorCode.KICKED, "kicked", "%s was removed from the room.", "You were removed from the room."),
        BANNED(ErrorCode.KICKED, "banned", "%s was banned from the room.", "You were banned from the room.");

        final ErrorCode closeCode;
        final String reason;
        final String text;
        final String toAgent;

        Removal(ErrorCode closeCode, String reason, String text, String toAgent) {
            this.closeCode = closeCode;
            this.reason = reason;
            this.text = text;
            this.toAgent = toAgent;
        }
    }

    private final MemberStore members;
    private final RoomStore rooms;
    private final Transactions transactions;
    private final ConnectionStore connections;
    private final SocketCloser closer;
    private final Clock clock;

    public Moderation(MemberStore members, RoomStore rooms, Transactions transactions, ConnectionStore connections,
                      SocketCloser closer, Clock clock) {
        this.members = members;
        this.rooms = rooms;
        this.transactions = transactions;
        this.connections = connections;
        this.closer = closer;
        this.clock = clock;
    }

    /** The room's invite keys, oldest first, without any plaintext. */
    public List<Member> listInvites(String roomId) {
        return members.listByRoom(roomId).stream()
                .sorted(Comparator.comparing(Member::createdAt).thenComparing(Member::keyId))
                .toList();
    }

    public void revoke(String roomId, String keyId, Member actor) {
        Member key = members.findByKeyId(roomId, keyId)
                .orElseThrow(() -> Refusal.notFound("No invite " + keyId + " in this room."));
        if (actor != null && actor.keyHash().equals(key.keyHash())) {
            throw Refusal.badRequest("You cannot revoke your own key.");
        }
        if (!key.revoked()) {
            remove(key, Removal.REVOKED, null);
        }
    }

    /** Kicks (or bans) the agent; refuses an admin agent removing itself. */
    public void kick(String roomId, String agentId, Removal removal, Member actor) {
        kick(roomId, agentId, removal, actor, false, null);
    }

    /**
     * Kicks or bans the agent. A ban revokes its key and bars its name from the public join;
     * with {@code byAddress} also the address it joined from. Not by default: an address is
     * shared by every agent behind it (all local agents are 127.0.0.1, an office is one NAT), so
     * banning it bans bystanders. A joiner who comes back under a new name is what rotating the
     * room key is for.
     *
     * @param by who is removing it, recorded on a ban (the bans list shows it); may be null
     */
    public void kick(String roomId, String agentId, Removal removal, Member actor, boolean byAddress, Ban.By by) {
        Member target = members.listByRoom(roomId).stream()
                .filter(m -> agentId.equals(m.agentId()) && !m.revoked())
                .findFirst()
                .orElseThrow(() -> Refusal.notFound("No agent " + agentId + " in this room."));
        if (actor != null && actor.keyHash().equals(target.keyHash())) {
            throw Refusal.badRequest("You cannot remove yourself; leave by closing your connection.");
        }
        if (removal == Removal.BANNED) {
            Set<String> bans = new HashSet<>();
            if (target.name() != null) {
                bans.add("name:" + target.name().toLowerCase(Locale.ROOT));
            }
            if (byAddress && target.originIp() != null) {
                bans.add("ip:" + target.originIp());
            }
            rooms.addBans(roomId, bans);
        }
        remove(target, removal, removal == Removal.BANNED ? by : null);
    }

    /** A banned agent and what its ban blocks now on the public join: its name, and its address if banned by it. */
    public record BanInForce(Ban ban, boolean name, boolean address) {
    }

    /** The room's banned agents, most recently banned first. */
    public List<BanInForce> listBans(String roomId) {
        Set<String> entries = rooms.find(roomId).map(Room::bans).orElseThrow(Refusals::roomNotFound);
        return members.listBanned(roomId).stream()
                .sorted(Comparator.comparingLong(Ban::bannedAtMillis).reversed().thenComparing(Ban::keyId))
                .map(b -> new BanInForce(b, b.name() != null && entries.contains(nameEntry(b.name())),
                        b.originIp() != null && entries.contains(ipEntry(b.originIp()))))
                .toList();
    }

    /**
     * Lifts an agent's ban: its name and address may come back through the public join (unless
     * another ban in force holds the same one), and a system note says so. Its key stays revoked:
     * it returns with a new invite or through the room key.
     */
    public void unban(String roomId, String agentId, String byName) {
        List<Ban> bans = members.listBanned(roomId);
        Ban target = bans.stream().filter(b -> agentId.equals(b.agentId())).findFirst()
                .orElseThrow(() -> Refusal.notFound("No banned agent " + agentId + " in this room."));
        // What the ban put on the room: its name, and its address if banned by it. An entry another ban
        // in force also accounts for stays (an address block is not told apart per ban: it stays while
        // any banned agent came from there).
        Set<String> lifted = new HashSet<>(banEntries(target.name(), target.originIp()));
        bans.stream().filter(b -> b != target).forEach(b -> lifted.removeAll(banEntries(b.name(), b.originIp())));
        // Entries first: a failure after this leaves the key banned, so asking again finishes the job.
        rooms.removeBans(roomId, lifted);
        String who = target.name() != null ? target.name() : target.label() != null ? target.label() : target.keyId();
        EventDraft note = new EventDraft(EventType.SYSTEM, target.agentId(), who, SenderKind.SYSTEM,
                who + " was unbanned by " + byName + "; it may join again with a new invite or the room key.",
                "unbanned");
        try {
            transactions.unban(target.keyHash(), roomId, note);
        } catch (AppendRefused refused) {
            switch (refused.reason()) {
                case NO_ROOM -> throw Refusals.roomNotFound();
                case KEY_CHANGED -> {
                    // Unbanned meanwhile by someone else: the outcome is the same.
                }
                default -> throw Refusals.roomBusy();
            }
        }
    }

    /** What a ban may have put on the public join: the name (lower-cased) and the address it came from. */
    private static Set<String> banEntries(String name, String originIp) {
        Set<String> entries = new HashSet<>();
        if (name != null) {
            entries.add(nameEntry(name));
        }
        if (originIp != null) {
            entries.add(ipEntry(originIp));
        }
        return entries;
    }

    private static String nameEntry(String name) {
        return "name:" + name.toLowerCase(Locale.ROOT);
    }

    private static String ipEntry(String originIp) {
        return "ip:" + originIp;
    }

    private void remove(Member member, Removal removal, Ban.By by) {
        String who = member.name() != null ? member.name() : member.label() != null ? member.label() : member.keyId();
        EventDraft note = new EventDraft(EventType.SYSTEM, member.agentId(), who, SenderKind.SYSTEM,
                String.format(removal.text, who), removal.reason);
        try {
            transactions.revoke(member, removal.reason, clock.millis(), note, by);
        } catch (AppendRefused refused) {
            switch (refused.reason()) {
                case NO_ROOM -> throw Refusals.roomNotFound();
                case KEY_CHANGED -> {
                    return; // Revoked meanwhile by someone else: the outcome is the same.
                }
                default -> throw Refusals.roomBusy();
            }
        }
        if (member.connectionId() != null) {
            // Forget the socket before closing it, so its $disconnect announces no second leave.
            connections.delete(member.connectionId());
            closer.close(member.connectionId(), removal.closeCode, removal.toAgent);
        }
    }
}
