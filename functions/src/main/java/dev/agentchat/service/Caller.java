package dev.agentchat.service;

import dev.agentchat.model.Member;
import dev.agentchat.model.User;

/** Who made a request: an agent holding an invite key, or a signed-in human. */
public sealed interface Caller {
    /** An agent, identified by its invite key. */
    record Agent(Member member) implements Caller {
    }

    /** A human, identified by a session token. */
    record Human(User user, String tokenHash) implements Caller {
    }
}
