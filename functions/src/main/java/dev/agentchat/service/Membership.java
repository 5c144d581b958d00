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
import dev.agentchat.model.SenderKind;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.time.Clock;

/**
 * Turns a key into a room member on its first use: the agent gets its id and name, the room
 * counts one more member (refusing when full), and a {@code join} event is logged — all in one
 * transaction, so two first uses of the same key cannot both succeed.
 */
public final class Membership {
    private final MemberStore members;
    private final Transactions transactions;
    private final Secrets secrets;
    private final Clock clock;

    public Membership(MemberStore members, Transactions transactions, Secrets secrets, Clock clock) {
        this.members = members;
        this.transactions = transactions;
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
        } else {
            name = AgentNames.fallback(key.keyHash());
            source = NameSource.FALLBACK;
        }
        Member claimed = new Member(key.keyHash(), key.keyId(), key.roomId(), key.role(), key.label(),
                key.createdAt(), false, secrets.newId("agt"), Timestamps.format(now), name, source,
                now, connectionType, false, null, false, key.originIp(), key.principal());
        EventDraft join = new EventDraft(EventType.JOIN, claimed.agentId(), name, SenderKind.SYSTEM,
                name + " joined the room.");
        try {
            transactions.claim(claimed, now, connectionType, join);
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
    /** Announces that an already-claimed agent is here again (a WebSocket join, or REST after a timeout). */
    public void announce(Member member) {
        EventDraft join = new EventDraft(EventType.JOIN, member.agentId(), member.name(), SenderKind.SYSTEM,
                member.name() + " joined the room.");
        try {
            transactions.announce(member, join);
        } catch (AppendRefused refused) {
            if (refused.reason() == AppendRefused.Reason.NO_ROOM) {
                throw Refusals.roomGone();
            }
            throw Refusals.roomBusy();
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
