package dev.agentchat.service;

import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.LeaveReason;
import dev.agentchat.model.Member;
import dev.agentchat.model.NameSource;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.SenderKind;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.RequestLog;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a key into a room member on its first use: the agent gets its id and name, the room
 * counts one more member (refusing when full), and a {@code join} event is logged — all in one
 * transaction, so two first uses of the same key cannot both succeed.
 */
public final class Membership {
    private final MemberStore members;
    private final Transactions transactions;
    private final RateLimiter rateLimiter;
    private final Secrets secrets;
    private final Clock clock;

    public Membership(MemberStore members, Transactions transactions, RateLimiter rateLimiter, Secrets secrets,
                      Clock clock) {
        this.members = members;
        this.transactions = transactions;
        this.rateLimiter = rateLimiter;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * The member behind the key, claimed if this is the key's first use.
     *
     * @param connectionType how the agent is talking to us
     * @param selfName       a name the agent asked for (used only if the invite has no label)
     */
    public Member ensureClaimed(Member key, ConnectionType connectionType, String selfName) {
        return ensureClaimed(key, connectionType, selfName, null);
    }

    /**
     * As {@link #ensureClaimed(Member, ConnectionType, String)}, for a first use that is a message:
     * {@code introName}, the name its introduction gives (used only without a label or a name asked
     * for), names the agent at once, so its join event carries it and no rename note follows.
     */
    public Member ensureClaimed(Member key, ConnectionType connectionType, String selfName, String introName) {
        return ensureClaimed(key, connectionType, selfName, introName, () -> members.listByRoom(key.roomId()), null,
                null);
    }

    /**
     * As {@link #ensureClaimed(Member, ConnectionType, String)}, for a WebSocket join, which already
     * read the room and lists its keys for its reply anyway: the name is made unique against
     * {@code roomKeys}, the join is appended first after {@code known}'s counter (null: read it now;
     * a stale one only costs a retry), and {@code socket} becomes the agent's live connection in
     * the same write. The member returned holds {@code socket} as its connection only if this call
     * claimed the key (else the caller attaches it).
     */
    public Member ensureClaimed(Member key, String selfName, Supplier<List<Member>> roomKeys, Room known,
                                String socket) {
        return ensureClaimed(key, ConnectionType.WEBSOCKET, selfName, null, roomKeys, known, socket);
    }

    private Member ensureClaimed(Member key, ConnectionType connectionType, String selfName, String introName,
                                 Supplier<List<Member>> roomKeys, Room known, String socket) {
        if (key.claimed()) {
            return key;
        }
        long now = clock.millis();
        String name;
        NameSource source;
        if (key.label() != null) {
            name = key.label();
            source = NameSource.LABEL;
        } else if (AgentNames.clean(selfName) != null) {
            name = AgentNames.clean(selfName);
            source = NameSource.SELF;
        } else if (introName != null) {
            name = introName;
            source = NameSource.INTRO;
        } else {
            name = AgentNames.fallback(key.keyHash());
            source = NameSource.FALLBACK;
        }
        name = unique(roomKeys.get(), name, key.keyHash());
        Member claimed = new Member(key.keyHash(), key.keyId(), key.roomId(), key.role(), key.label(),
                key.createdAt(), false, secrets.newId("agt"), Timestamps.format(now), name, source,
                now, connectionType, false, socket, false, key.originIp(), key.principal());
        // A first use gives the agent its id: the request's log line names it.
        RequestLog.note("agent_id", claimed.agentId());
        EventDraft join = new EventDraft(EventType.JOIN, claimed.agentId(), name, SenderKind.SYSTEM,
                name + " joined the room.");
        try {
            transactions.claim(claimed, now, connectionType, join, known == null ? null : RoomStore.Head.of(known));
            return claimed;
        } catch (AppendRefused refused) {
            switch (refused.reason()) {
                case ROOM_GUARD:
                    throw new Refusal(ErrorCode.ROOM_FULL,
                            "The room is full. Ask its admin to raise max_members.");
                case NO_ROOM:
                    throw Refusals.roomGone();
                case CONTENDED:
                    throw Refusals.roomBusy();
                default:
                    // The key changed under us: claimed by a concurrent first use, or revoked.
                    Member now2 = members.find(key.keyHash())
                            .orElseThrow(() -> Refusal.unauthorized("Unknown key."));
                    if (now2.revoked()) {
                        throw Refusals.keyRevoked();
                    }
                    return now2;
            }
        }
    }
    /**
     * {@code name}, or, if another agent of the room already has it (case-insensitively), the
     * first free of "name (2)", "name (3)", …, so the feed never shows two agents as one. Costs
     * one query of the room's keys, made only when a name is assigned.
     *
     * @param keyHash the agent being named (its own name does not count as taken)
     */
    public String unique(String roomId, String name, String keyHash) {
        return unique(members.listByRoom(roomId), name, keyHash);
    }

    private static String unique(List<Member> roomKeys, String name, String keyHash) {
        Set<String> taken = new HashSet<>();
        for (Member other : roomKeys) {
            if (other.claimed() && !other.revoked() && other.name() != null && !other.keyHash().equals(keyHash)) {
                taken.add(other.name().toLowerCase(Locale.ROOT));
            }
        }
        String candidate = name;
        for (int n = 2; taken.contains(candidate.toLowerCase(Locale.ROOT)); n++) {
            String suffix = " (" + n + ")";
            candidate = AgentNames.shorten(name, AgentNames.MAX_NAME_CHARS - suffix.length()) + suffix;
        }
        return candidate;
    }

    /**
     * The agent asks for a new name (a {@code join} frame or heartbeat {@code name}; never over a
     * label): it takes it, made unique in the room, and a system event tells the room
     * ("Agent 3f2a1c is now Opus."), so feed and member list agree. Renames are rate-limited
     * ({@code LIMIT_RENAMES_PER_HOUR}, {@code LIMIT_RENAME_BURST}); one over the limit is ignored.
     *
     * @return the member under the name it has afterwards
     */
    public Member rename(Member member, String requested) {
        return rename(member, requested, () -> members.listByRoom(member.roomId()));
    }

    /** As {@link #rename(Member, String)}, making the name unique against {@code roomKeys} (listed only if needed). */
    public Member rename(Member member, String requested, Supplier<List<Member>> roomKeys) {
        if (requested == null || member.label() != null || requested.equals(member.name())) {
            return member;
        }
        String name = unique(roomKeys.get(), requested, member.keyHash());
        if (name.equals(member.name()) || !rateLimiter.allowRename(member.agentId())) {
            return member;
        }
        try {
            transactions.rename(member, name, NameSource.SELF, renamed(member, name));
            return member.withName(name, NameSource.SELF);
        } catch (AppendRefused refused) {
            switch (refused.reason()) {
                case NO_ROOM -> throw Refusals.roomGone();
                case KEY_CHANGED -> throw Refusals.keyRevoked();
                default -> throw Refusals.roomBusy();
            }
        }
    }

    /** Tells the room that an agent's first message named it (its key item already holds the name). */
    public void announceIntroduction(Member before, String name) {
        try {
            transactions.note(before.roomId(), renamed(before, name));
        } catch (AppendRefused refused) {
            // The message itself went out under the new name; a lost note is not worth failing it.
        }
    }

    private static EventDraft renamed(Member before, String name) {
        return new EventDraft(EventType.SYSTEM, before.agentId(), name, SenderKind.SYSTEM,
                before.name() + " is now " + name + ".", "renamed");
    }

    /**
     * Announces that an already-claimed agent that had left is here again (a WebSocket join, or
     * REST after a timeout or a leave); nothing if a concurrent call announced it first.
     */
    public void announce(Member member) {
        EventDraft join = new EventDraft(EventType.JOIN, member.agentId(), member.name(), SenderKind.SYSTEM,
                member.name() + " joined the room.");
        try {
            transactions.announce(member, join);
        } catch (AppendRefused refused) {
            switch (refused.reason()) {
                case NO_ROOM -> throw Refusals.roomGone();
                case KEY_CHANGED -> {
                    // Present again already (another call announced it), or revoked meanwhile:
                    // the request's own key check answers the latter.
                }
                default -> throw Refusals.roomBusy();
            }
        }
    }

    /**
     * The agent leaves of its own accord ({@code leave} over REST or WebSocket): a leave event with
     * reason {@code left}, once; the key stays valid, and the agent's next join or call brings it back.
     *
     * @return the leave event, or empty if the agent was not present (never joined, or gone already)
     */
    public Optional<RoomEvent> leaveByChoice(Member member) {
        if (!member.claimed()) {
            return Optional.empty();
        }
        EventDraft leave = new EventDraft(EventType.LEAVE, member.agentId(), member.name(), SenderKind.SYSTEM,
                LeaveReason.LEFT.text(member.name()), LeaveReason.LEFT.wire());
        try {
            return Optional.of(member.connectionId() != null
                    ? transactions.leave(member, member.connectionId(), leave)
                    : transactions.leaveByChoice(member, leave));
        } catch (AppendRefused refused) {
            if (refused.reason() == AppendRefused.Reason.NO_ROOM) {
                throw Refusals.roomGone();
            }
            if (refused.reason() == AppendRefused.Reason.CONTENDED) {
                throw Refusals.roomBusy();
            }
            return Optional.empty();
        }
    }

    /**
     * Records that an agent went away, once: with {@code connectionId}, only if that connection
     * is still the agent's current one; without, only if the agent stayed silent since it was read.
     *
     * @return whether a leave event was written
     */
    public boolean leave(Member member, String connectionId, LeaveReason reason) {
        EventDraft leave = new EventDraft(EventType.LEAVE, member.agentId(), member.name(), SenderKind.SYSTEM,
                reason.text(member.name()), reason.wire());
        try {
            transactions.leave(member, connectionId, leave);
            return true;
        } catch (AppendRefused refused) {
            return false;
        }
    }
}
