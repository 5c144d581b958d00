package dev.agentchat.model;

/** A human account; the password is held only as a bcrypt hash. */
public record User(String id, String email, String name, String passwordHash, String createdAt) {
}
