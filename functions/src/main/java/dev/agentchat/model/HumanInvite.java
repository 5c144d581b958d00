package dev.agentchat.model;

/**
 * A single-use link that makes whoever accepts it a human of a room.
 *
 * @param tokenHash        SHA-256 digest of the {@code hi_} token (the plaintext is never stored)
 * @param inviteId         public id ({@code hinv_…}), safe to show
 * @param createdBy        the user who made it; null when an admin agent made it (a {@code for_human} invite)
 * @param expiresAtMillis  epoch millis after which it cannot be accepted
 * @param usedBy           the user who accepted it; null while unused
 * @param agentKeyHash     for a {@code for_human} link, the digest of the agent key whose principal
 *                         the accepting human becomes; null otherwise
 * @param revokedAt        ISO-8601 UTC when the owner revoked it; null while not revoked
 */
public record HumanInvite(String tokenHash, String inviteId, String roomId, HumanRole role, String createdBy,
                          String createdAt, long expiresAtMillis, String usedBy, String usedAt, String agentKeyHash,
                          String revokedAt) {

    public boolean used() {
        return usedBy != null;
    }

    public boolean expired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether someone could still accept it: unused, unrevoked and unexpired. */
    public boolean outstanding(long nowMillis) {
        return !used() && !revoked() && !expired(nowMillis);
    }
}
