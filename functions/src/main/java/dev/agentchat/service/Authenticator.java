package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.Connection;
import dev.agentchat.model.Member;
import dev.agentchat.model.Session;
import dev.agentchat.model.Room;
import dev.agentchat.store.KeyInRoom;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.SessionStore;
import dev.agentchat.store.UserStore;
import dev.agentchat.support.RequestLog;
import dev.agentchat.support.Secrets;
import java.time.Clock;
import java.util.Optional;

/** Turns a bearer credential ({@code ak_…} or {@code st_…}) into a {@link Caller}, or refuses it. */
public final class Authenticator {
    /** Longer than any room id ({@code room_…}) could be, and short enough for any DynamoDB key. */
    private static final int MAX_ROOM_ID_CHARS = 64;

    private final MemberStore members;
    private final RoomStore rooms;
    private final KeyInRoom keyInRoom;
    private final SessionStore sessions;
    private final UserStore users;
    private final Clock clock;

    public Authenticator(MemberStore members, RoomStore rooms, KeyInRoom keyInRoom, SessionStore sessions,
                         UserStore users, Clock clock) {
        this.members = members;
        this.rooms = rooms;
        this.keyInRoom = keyInRoom;
        this.sessions = sessions;
        this.users = users;
        this.clock = clock;
    }

    public Caller authenticate(String bearer) {
        return authenticate(bearer, false);
    }

    /**
     * Like {@link #authenticate}, but also accepts a key of a room whose deletion has begun: only
     * finishing that deletion may use it.
     */
    public Caller authenticateToDelete(String bearer) {
        return authenticate(bearer, true);
    }

    private Caller authenticate(String bearer, boolean roomMayBeDeleting) {
        if (bearer == null || bearer.isEmpty()) {
            throw Refusal.unauthorized("Send 'Authorization: Bearer <key>' with your ak_ key or st_ session token.");
        }
        if (bearer.startsWith("ak_")) {
            if (roomMayBeDeleting) {
                return new Caller.Agent(unrevokedKey(bearer));
            }
            // The whole room item costs the read a deletion check makes anyway, and serves what the
            // request then does with its room (a send's counter) without a second read.
            Member member = unrevokedKey(bearer);
            Room room = rooms.find(member.roomId()).orElseThrow(Refusals::roomGone);
            return new Caller.Agent(member, room);
        }
        if (bearer.startsWith("st_")) {
            return human(bearer);
        }
        throw Refusal.unauthorized("Unrecognised credential: expected an ak_ key or an st_ session token.");
    }

    /**
     * Like {@link #authenticate}, for a request that names {@code roomId}: an agent key is read
     * together with that room in one call, and the caller carries the room as read. Refuses as
     * {@link #authenticate} does, in the same order; a key of another room is not refused here.
     */
    public Caller authenticateIn(String bearer, String roomId) {
        if (bearer == null || !bearer.startsWith("ak_")) {
            return authenticate(bearer);
        }
        return agentKeyIn(bearer, roomId);
    }

    /**
     * The unrevoked key behind an {@code ak_} plaintext, read together with the room a request
     * names (a WebSocket join): refused as {@link #agentKey} refuses, and the agent carries that
     * room as read. A key of another room is not refused here (its own room was checked).
     */
    public Caller.Agent agentKeyIn(String key, String roomId) {
        return agentKeyForJoin(key, roomId, null).agent();
    }

    /** An agent key as {@link #agentKeyIn} reads it, and the row of the socket a join came on. */
    public record Joining(Caller.Agent agent, Optional<Connection> socket) {
    }

    /**
     * As {@link #agentKeyIn}, for a WebSocket {@code join}: the row of its socket
     * ({@code connectionId}; null: not read) comes in the same call.
     */
    public Joining agentKeyForJoin(String key, String roomId, String connectionId) {
        if (key == null || !key.startsWith("ak_")) {
            throw Refusal.unauthorized("'key' must be your ak_ invite key.");
        }
        // No room has a longer id (a $connect's query string is not bounded, and DynamoDB refuses a
        // key over 2 KB): the room is then not read, and the key's own room decides, as for a key of
        // another room.
        String readRoom = roomId.length() <= MAX_ROOM_ID_CHARS ? roomId : null;
        KeyInRoom.Read read = keyInRoom.read(Secrets.sha256Hex(key), readRoom, connectionId);
        return new Joining(agentIn(read, roomId), read.socket());
    }

    private Caller.Agent agentIn(KeyInRoom.Read read, String roomId) {
        Member member = unrevoked(read.key());
        if (!member.roomId().equals(roomId)) {
            // Another room's key: its own room decides whether it is gone (404) before the caller hears it is
            // the wrong room's (403), as for any other request.
            if (!rooms.isLive(member.roomId())) {
                throw Refusals.roomGone();
            }
            return new Caller.Agent(member);
        }
        Room room = read.liveRoom().orElseThrow(Refusals::roomGone);
        return new Caller.Agent(member, room);
    }

    /**
     * The agent behind a socket's key digest, read together with the socket's room: 403 if the key
     * is gone or revoked, 404 if the room is gone or being deleted.
     */
    public Caller.Agent agentOnSocket(String keyHash, String roomId) {
        KeyInRoom.Read read = keyInRoom.read(keyHash, roomId);
        Member member = read.key().filter(m -> !m.revoked()).orElseThrow(Refusals::keyRevoked);
        return new Caller.Agent(member, read.liveRoom().orElseThrow(Refusals::roomGone));
    }

    /** The human behind a session token, or 401. */
    public Caller.Human human(String token) {
        if (token == null || !token.startsWith("st_")) {
            throw Refusal.unauthorized("Sign in first: send 'Authorization: Bearer st_…'.");
        }
        return humanBySession(Secrets.sha256Hex(token));
    }

    /**
     * The human behind a session digest (as a watching socket keeps it), or 401: checked again on
     * each use, so a signed-out or expired session stops working at once.
     */
    public Caller.Human humanBySession(String hash) {
        Session session = sessions.find(hash)
                .filter(s -> s.expiresAtEpochSeconds() > clock.instant().getEpochSecond())
                .orElseThrow(Refusals::sessionExpired);
        RequestLog.note("user_id", session.userId());
        return users.findById(session.userId())
                .map(user -> new Caller.Human(user, hash))
                .orElseThrow(Refusals::sessionExpired);
    }

    /** The unrevoked key behind an {@code ak_} plaintext, or 401/403; 404 if its room is gone or being deleted. */
    public Member agentKey(String key) {
        Member member = unrevokedKey(key);
        // A room's keys outlive the mark that deletes it for a moment (or, if the deletion
        // failed partway, until it is finished): the room's state decides, not the key's.
        if (!rooms.isLive(member.roomId())) {
            throw Refusals.roomGone();
        }
        return member;
    }

    private Member unrevokedKey(String key) {
        if (key == null || !key.startsWith("ak_")) {
            throw Refusal.unauthorized("'key' must be your ak_ invite key.");
        }
        return unrevoked(members.find(Secrets.sha256Hex(key)));
    }

    private static Member unrevoked(Optional<Member> found) {
        Member member = found
                .orElseThrow(() -> Refusal.unauthorized("Unknown key. Check that you copied the whole ak_ key."));
        // Who made the request, for its log line: known only once the key is found.
        RequestLog.note("room_id", member.roomId());
        RequestLog.note("agent_id", member.agentId());
        RequestLog.note("key_id", member.keyId());
        if (member.revoked()) {
            throw Refusals.keyRevoked();
        }
        return member;
    }
}
