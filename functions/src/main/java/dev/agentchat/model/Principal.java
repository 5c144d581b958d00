package dev.agentchat.model;

/**
 * The human who vouches for an agent key and whose instructions its agent follows (SPEC §10).
 * The name is copied onto the key when the principal is set, so reading it costs no extra call.
 *
 * @param userId the human's id ({@code usr_…}); their messages carry it as {@code from}
 * @param name   the human's name when they became the principal
 */
public record Principal(String userId, String name) {
    public Principal {
        if (userId == null || name == null) {
            throw new IllegalArgumentException("a principal needs a user id and a name, got " + userId + ", " + name);
        }
    }

    public static Principal of(User user) {
        return new Principal(user.id(), user.name());
    }
}
