package dev.agentchat.service;

import dev.agentchat.model.Member;
import dev.agentchat.model.Principal;
import dev.agentchat.model.Room;
import dev.agentchat.model.User;

/** Who made a request: an agent holding an invite key, or a signed-in human. */
public sealed interface Caller {
    /**
     * The human who vouches for what this caller creates (an invite): a human themself, an agent
     * its key's principal (null if it has none).
     */
    Principal principal();

    /**
     * An agent, identified by its invite key; {@code room} is its room as read together with the
     * key (so the request need not read it again), or null when it was not read or is out of date.
     */
    record Agent(Member member, Room room) implements Caller, Poster {
        public Agent(Member member) {
            this(member, null);
        }

        @Override
        public Principal principal() {
            return member.principal();
        }
    }

    /** A human, identified by a session token. */
    record Human(User user, String tokenHash) implements Caller {
        @Override
        public Principal principal() {
            return Principal.of(user);
        }
    }
}
