package dev.agentchat.model;

/** A human's signed-in session, found by the digest of its {@code st_} token. */
public record Session(String tokenHash, String userId, long expiresAtEpochSeconds) {
}
