package dev.agentchat.model;

/**
 * An invite key and, once a client first used it, the agent it became. One item holds both so
 * that authenticating a request is a single read.
 *
 * @param keyHash     SHA-256 digest of the {@code ak_} key (the plaintext is never stored)
 * @param keyId       public id of the key ({@code key_…}), safe to show
 * @param agentId     the agent's id ({@code agt_…}), null until the key is first used
 * @param nameSource  how {@code name} was chosen (null until claimed)
 * @param connectionType how the agent last talked to the room (null until claimed)
 * @param lastSeenMillis last REST activity, epoch millis (0 = never)
 * @param introChecked whether the agent's first message was already looked at for a name
 * @param connectionId the agent's live WebSocket connection, if any (at most one per key)
 * @param left         whether a leave event was written since the agent was last present
 * @param originIp     the address a public-room join came from (what a ban also blocks)
 * @param principal    the human who vouches for the key, or null (none yet)
 * @param webhook      the agent's webhook, or null (SPEC §13)
 * @param sendTatMillis the agent's send limit as stored on the key: its GCRA cell's theoretical
 *                     arrival time, epoch millis (0 = never sent); the send that spends a token
 *                     writes it in the same transaction as the message
 */
public record Member(
        String keyHash,
        String keyId,
        String roomId,
        Role role,
        String label,
        String createdAt,
        boolean revoked,
        String agentId,
        String claimedAt,
        String name,
        NameSource nameSource,
        long lastSeenMillis,
        ConnectionType connectionType,
        boolean introChecked,
        String connectionId,
        boolean left,
        String originIp,
        Principal principal,
        Webhook webhook,
        long sendTatMillis) {

    /** A key as stored before its first limited send. */
    public Member(String keyHash, String keyId, String roomId, Role role, String label, String createdAt,
                  boolean revoked, String agentId, String claimedAt, String name, NameSource nameSource,
                  long lastSeenMillis, ConnectionType connectionType, boolean introChecked, String connectionId,
                  boolean left, String originIp, Principal principal, Webhook webhook) {
        this(keyHash, keyId, roomId, role, label, createdAt, revoked, agentId, claimedAt, name, nameSource,
                lastSeenMillis, connectionType, introChecked, connectionId, left, originIp, principal, webhook, 0);
    }

    /** A key without a webhook (all but the store's reads). */
    public Member(String keyHash, String keyId, String roomId, Role role, String label, String createdAt,
                  boolean revoked, String agentId, String claimedAt, String name, NameSource nameSource,
                  long lastSeenMillis, ConnectionType connectionType, boolean introChecked, String connectionId,
                  boolean left, String originIp, Principal principal) {
        this(keyHash, keyId, roomId, role, label, createdAt, revoked, agentId, claimedAt, name, nameSource,
                lastSeenMillis, connectionType, introChecked, connectionId, left, originIp, principal, null);
    }

    /** A new, unclaimed invite key. */
    public static Member newKey(String keyHash, String keyId, String roomId, Role role, String label, String createdAt,
                                String originIp, Principal principal) {
        return new Member(keyHash, keyId, roomId, role, label, createdAt, false, null, null, null, null, 0, null, false,
                null, false, originIp, principal);
    }

    public Member withName(String newName, NameSource source) {
        return new Member(keyHash, keyId, roomId, role, label, createdAt, revoked, agentId, claimedAt, newName, source,
                lastSeenMillis, connectionType, introChecked, connectionId, left, originIp, principal, webhook,
                sendTatMillis);
    }

    /** The same key with its send limit's cell at {@code tat} (as a send just wrote it). */
    public Member withSendTat(long tat) {
        return new Member(keyHash, keyId, roomId, role, label, createdAt, revoked, agentId, claimedAt, name, nameSource,
                lastSeenMillis, connectionType, introChecked, connectionId, left, originIp, principal, webhook, tat);
    }

    /**
     * The member as its key item reads once {@code connectionId} became its live connection at
     * {@code nowMillis}: present, over WebSocket, seen then.
     */
    public Member attachedTo(String connectionId, long nowMillis) {
        return new Member(keyHash, keyId, roomId, role, label, createdAt, revoked, agentId, claimedAt, name, nameSource,
                nowMillis, ConnectionType.WEBSOCKET, introChecked, connectionId, false, originIp, principal, webhook);
    }

    public boolean claimed() {
        return agentId != null;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
