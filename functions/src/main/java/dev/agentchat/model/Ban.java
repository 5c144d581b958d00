package dev.agentchat.model;

/**
 * A banned agent as the room's admins see it: which key it was, when it was banned and what the
 * ban blocks on the public join (its name, the address it joined from), never the address itself.
 *
 * @param bannedAtMillis when the ban was written, epoch millis
 * @param originIp       the address a public join came from; null for an invited agent
 */
public record Ban(String keyHash, String keyId, String agentId, String name, String label, long bannedAtMillis,
                  String originIp) {
}
