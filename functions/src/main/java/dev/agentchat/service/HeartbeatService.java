package dev.agentchat.service;

import dev.agentchat.error.Refusals;
import dev.agentchat.model.Member;
import dev.agentchat.store.MemberStore;
import java.time.Clock;

/** Keeps a REST agent present, and lets an agent without a label choose its name. */
public final class HeartbeatService {
    private final MemberStore members;
    private final Membership membership;
    private final Clock clock;

    public HeartbeatService(MemberStore members, Membership membership, Clock clock) {
        this.members = members;
        this.membership = membership;
        this.clock = clock;
    }

    /** Records the heartbeat; returns the agent's name after it (a rename over the limit is ignored). */
    public String beat(Member member, String requestedName) {
        Member named = membership.rename(member, AgentNames.clean(requestedName));
        if (!members.touch(member.keyHash(), clock.millis(), null, member.connectionId() != null)) {
            throw Refusals.keyRevoked();
        }
        return named.name();
    }
}
