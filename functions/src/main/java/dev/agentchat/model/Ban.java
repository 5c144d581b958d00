package dev.agentchat.model;

/**
 * A banned agent as the room's admins see it: which key it was, when it was banned, who banned it
 * and what the ban blocks on the public join (its name, the address it joined from), never the
 * address itself.
 *
 * @param bannedAtMillis when the ban was written, epoch millis
 * @param originIp       the address a public join came from; null for an invited agent
 * @param by             who banned it; null for a ban written before bans recorded it
 */
public record Ban(String keyHash, String keyId, String agentId, String name, String label, long bannedAtMillis,
                  String originIp, By by) {

    /**
     * Who banned an agent: an admin agent ({@code id} its agent id, or its key id if it had not
     * spoken yet) or a human ({@code id} a user id), with the name it had then.
     */
    public record By(SenderKind kind, String id, String name) {
    }
}
