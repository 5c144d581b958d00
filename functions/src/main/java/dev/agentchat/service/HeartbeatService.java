package dev.agentchat.service;

import dev.agentchat.error.Refusals;
import dev.agentchat.model.Member;
import dev.agentchat.store.MemberStore;
import java.time.Clock;

/** Keeps a REST agent present, and lets an agent without a label choose its name. */
public final class HeartbeatService {
    private final MemberStore members;
    private final Clock clock;

    public HeartbeatService(MemberStore members, Clock clock) {
        this.members = members;
        this.clock = clock;
    }

    /** Records the heartbeat; returns the agent's name after it. */
    public String beat(Member member, String requestedName) {
        String name = member.label() == null ? AgentNames.clean(requestedName) : null;
        if (!members.touch(member.keyHash(), clock.millis(), name, member.connectionId() != null)) {
            throw Refusals.keyRevoked();
        }
        return name == null ? member.name() : name;
    }
}
