package dev.agentchat.realtime;

import dev.agentchat.config.Limits;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.Connection;
import dev.agentchat.model.LeaveReason;
import dev.agentchat.model.Member;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.service.AgentNames;
import dev.agentchat.service.Authenticator;
import dev.agentchat.service.Caller;
import dev.agentchat.service.Membership;
import dev.agentchat.service.MessageService;
import dev.agentchat.service.Presence;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.RoomService;
import dev.agentchat.service.SocketCloser;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.EventStore;
import dev.agentchat.store.MemberStore;
import dev.agentchat.support.Lazy;
import dev.agentchat.support.RequestLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens on a WebSocket: connecting, joining as an agent, watching as the owner,
 * sending, pong, and going away. Each step returns what its reply shows; the ws transport
 * writes the reply, which reaches the socket through {@link #reply} and the {@link ConnectionGateway}.
 */
public final class RealtimeService implements SocketCloser {
    /** A socket joined as an agent: who it is, who else is here, and the history it gets. */
    public record Joined(Member member, String roomId, List<Presence.Agent> agents, History history) {
    }

    /** The owner's socket watches a room: who is here and the history it gets. */
    public record Watching(String roomId, List<Presence.Agent> agents, History history) {
    }

    /**
     * The history a join or watch gets, oldest first: with a cursor, the events after it
     * ({@code hasMore}: more follow); without, the room's latest (older ones are paged over REST).
     * A frame too small for all of them keeps the oldest after a cursor, otherwise the newest.
     */
    public record History(List<RoomEvent> events, boolean hasMore, boolean afterCursor) {
    }

    /**
     * An agent left of its own accord (or a watcher stopped watching).
     *
     * @param agentId the agent, or null for a watcher or a key never used
     * @param event   the leave event, or null if there was no presence to end
     */
    public record Left(String agentId, RoomEvent event) {
    }

    /**
     * An agent bound to a socket: the member as before it was attached (what {@code joined} shows
     * as {@code you}), as attached, and the room's keys, listed at most once for naming it and the reply.
     */
    private record Bound(Member member, Member attached, Lazy<List<Member>> roomKeys) {
        /** The room's keys with this agent as it is now (the list may predate its claim). */
        List<Member> keysNow() {
            List<Member> keys = new ArrayList<>(roomKeys.get().size() + 1);
            boolean found = false;
            for (Member key : roomKeys.get()) {
                boolean self = key.keyHash().equals(attached.keyHash());
                keys.add(self ? attached : key);
                found |= self;
            }
            if (!found) {
                keys.add(attached);
            }
            return keys;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeService.class);
    private static final int HISTORY_DEFAULT = 20;
    private static final int HISTORY_MAX = 200;

    private final ConnectionStore connections;
    private final MemberStore members;
    private final EventStore events;
    private final Authenticator authenticator;
    private final RoomAccess roomAccess;
    private final Membership membership;
    private final MessageService messages;
    private final RoomService rooms;
    private final ConnectionGateway gateway;
    private final PushFrames frames;
    private final Limits limits;
    private final Clock clock;

    public RealtimeService(ConnectionStore connections, MemberStore members, EventStore events,
                           Authenticator authenticator, RoomAccess roomAccess, Membership membership,
                           MessageService messages, RoomService rooms, ConnectionGateway gateway, PushFrames frames,
                           Limits limits, Clock clock) {
        this.connections = connections;
        this.members = members;
        this.events = events;
        this.authenticator = authenticator;
        this.roomAccess = roomAccess;
        this.membership = membership;
        this.messages = messages;
        this.rooms = rooms;
        this.gateway = gateway;
        this.frames = frames;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * A new socket. With a room and key it joins at once (bad ones refuse the handshake); its
     * {@code joined} frame is not sent, since API Gateway allows no frame before the handshake ends.
     */
    public void connect(String connectionId, String roomId, String key, String name) {
        if ((roomId == null) != (key == null)) {
            throw Refusal.badRequest("Pass both room and key to join on connect, or neither.");
        }
        connections.open(connectionId, clock.millis());
        if (roomId != null) {
            try {
                bindAgent(connectionId, true, roomId, key, name);
            } catch (Refusal refused) {
                // A refused handshake never becomes a connection and gets no $disconnect: forget its row now.
                connections.delete(connectionId);
                throw refused;
            }
        }
    }

    /** {@code join}: binds the socket to the key's agent; what its {@code joined} reply shows. */
    public Joined join(String connectionId, String roomId, String key, String name, Long afterSeq) {
        Bound bound = bindAgent(connectionId, false, roomId, key, name);
        return new Joined(bound.member(), roomId, rooms.agents(bound.keysNow()), history(roomId, afterSeq));
    }

    /**
     * {@code watch}: a human of the room (any role) follows it live, and may post on the same socket; what its
     * {@code watching} reply shows, or nothing if the socket went away meanwhile.
     */
    public Optional<Watching> watch(String connectionId, String roomId, String token, Long afterSeq) {
        Caller.Human human = authenticator.human(token);
        roomAccess.place(human, roomId);
        // The watcher row keeps its session's digest (ending the session closes it; a message it
        // sends is checked against it again) and the user id.
        if (!connections.bind(connectionId, roomId, Connection.WATCHER, human.tokenHash(), human.user().id(),
                clock.millis())) {
            return Optional.empty();
        }
        return Optional.of(new Watching(roomId, rooms.info(roomId).agents(), history(roomId, afterSeq)));
    }

    /** {@code message}: sent through the same service as REST; the sender's one copy is its ack. */
    public MessageService.Sent message(String connectionId, String content, String clientId) {
        messages.validate(content, clientId);
        Connection connection = connection(connectionId)
                .orElseThrow(Refusals::joinFirst);
        if (!connection.bound()) {
            throw Refusals.joinFirst();
        }
        heard(connection);
        if (!connection.isAgent()) {
            // A human watching: the session must still be good and the human still in the room.
            Caller.Human human = authenticator.humanBySession(connection.keyHash());
            return messages.sendAsHuman(roomAccess.place(human, connection.roomId()), content, clientId);
        }
        // The key and its room in one read; the room is the counter the append goes after.
        Caller.Agent sender = authenticator.agentOnSocket(connection.keyHash(), connection.roomId());
        return messages.send(sender, content, clientId, false);
    }

    /**
     * {@code leave} on a socket: its agent leaves the room (a leave event with reason
     * {@code left}) and the socket is forgotten; the caller acknowledges, then {@link #hangUp}s.
     * The key stays valid: a later join brings the agent back.
     */
    public Left leave(String connectionId) {
        Connection connection = connection(connectionId).orElseThrow(Refusals::joinFirst);
        if (!connection.bound()) {
            throw Refusals.joinFirst();
        }
        Left left = new Left(connection.agentId(), null);
        if (connection.isAgent()) {
            Optional<Member> member = members.find(connection.keyHash())
                    .filter(m -> connectionId.equals(m.connectionId()));
            if (member.isPresent()) {
                left = new Left(member.get().agentId(), membership.leaveByChoice(member.get()).orElse(null));
            }
        }
        // Forgotten before it closes: its $disconnect then finds nothing and announces no second leave.
        connections.delete(connectionId);
        return left;
    }

    /**
     * An agent leaves over REST: the leave event, and its socket, if it holds one, is told and closed.
     * The key stays valid: the agent's next call or join brings it back.
     */
    public Left leave(Member member) {
        String socket = member.connectionId();
        Left left = new Left(member.agentId(), membership.leaveByChoice(member).orElse(null));
        if (socket != null && left.event() != null) {
            connections.delete(socket);
            reply(socket, frames.left(left));
            hangUp(socket);
        }
        return left;
    }

    /** Closes a socket whose last frame was already sent (an acknowledged {@code leave}). */
    public void hangUp(String connectionId) {
        try {
            gateway.close(connectionId);
        } catch (RuntimeException e) {
            LOG.warn("could not close connection {}", connectionId, e);
        }
    }

    public void pong(String connectionId) {
        connections.heard(connectionId, clock.millis());
    }

    /**
     * Any frame from a client proves it alive, not only {@code pong}: only a silent socket is
     * closed by the sweeper. For a frame that does not read its connection anyway (a client
     * {@code ping}, an unknown type) this costs one read; a write happens only once the record
     * is half a sweep interval old, so at most twice per sweep however fast the client talks.
     */
    public void heard(String connectionId) {
        connection(connectionId).ifPresent(this::heard);
    }

    private void heard(Connection connection) {
        long now = clock.millis();
        if (now - connection.lastHeardMillis() >= limits.sweepIntervalSeconds() * 500L) {
            connections.heard(connection.id(), now);
        }
    }

    /** The socket closed ({@code $disconnect}). */
    public void disconnect(String connectionId) {
        connection(connectionId).ifPresent(c -> forget(c, LeaveReason.LEFT));
    }

    /**
     * Forgets a connection that is gone or being closed, and announces the agent's leave if it
     * was the agent's current connection.
     */
    public void forget(Connection connection, LeaveReason reason) {
        connections.delete(connection.id());
        if (connection.isAgent()) {
            members.find(connection.keyHash())
                    .filter(m -> connection.id().equals(m.connectionId()))
                    .ifPresent(m -> membership.leave(m, connection.id(), reason));
        }
    }

    /** Closes a connection with an error frame first (REPLACED, KICKED, REVOKED, timeouts). */
    @Override
    public void close(String connectionId, ErrorCode code, String message) {
        try {
            gateway.send(connectionId, frames.closing(code, message));
        } catch (ConnectionGateway.ConnectionGone e) {
            // Already gone: closing is all that is left.
        } catch (RuntimeException e) {
            LOG.warn("could not tell connection {} why it is closed", connectionId, e);
        }
        gateway.close(connectionId);
    }

    /**
     * @param opened whether the socket's row was written just now by its {@code $connect} (then it
     *               is bound to nobody yet, and reading it back would cost a call for nothing)
     */
    private Bound bindAgent(String connectionId, boolean opened, String roomId, String key, String name) {
        if (roomId == null || roomId.isBlank() || key == null || key.isBlank()) {
            throw Refusal.badRequest("'room' and 'key' are required to join.");
        }
        // The key, its room and (unless $connect wrote it just now) the socket's row in one read;
        // the room as read then serves the claim's append.
        Authenticator.Joining read = authenticator.agentKeyForJoin(key, roomId, opened ? null : connectionId);
        Member member = read.agent().member();
        if (!member.roomId().equals(roomId)) {
            throw Refusals.keyOfAnotherRoom();
        }
        Room room = read.agent().room();
        // One socket, one identity: becoming another agent (or an agent after watching) would
        // leave the first identity bound to a socket that no longer speaks for it.
        String keyHash = member.keyHash();
        read.socket().filter(Connection::bound).ifPresent(bound -> {
            if (!keyHash.equals(bound.keyHash())) {
                throw Refusal.badRequest(
                        "This connection is already in use; open a new one to join as another agent.");
            }
        });
        String chosenName = member.label() == null ? AgentNames.clean(name) : null;
        Lazy<List<Member>> roomKeys = new Lazy<>(() -> members.listByRoom(roomId));
        boolean attached = false;
        if (member.claimed()) {
            member = membership.rename(member, chosenName, roomKeys);
            // One join per presence: only an agent that had left is announced. A join frame
            // repeated on its socket, or a new socket replacing its old one (REPLACED), writes no
            // event, so neither can push text to every watcher.
            if (member.left()) {
                membership.announce(member);
            }
        } else {
            member = membership.ensureClaimed(member, chosenName, roomKeys, room, connectionId);
            attached = connectionId.equals(member.connectionId());
        }
        long attachedAt;
        Optional<String> replaced;
        if (attached) {
            // This join claimed the key and attached the socket with it: a new agent replaces no socket.
            attachedAt = member.lastSeenMillis();
            replaced = Optional.of("");
        } else {
            attachedAt = clock.millis();
            replaced = members.attachConnection(member.keyHash(), connectionId, attachedAt);
        }
        if (replaced.isEmpty()) {
            throw Refusals.keyRevoked();
        }
        if (!attached) {
            // (A claim that attached the socket bound its row in the same transaction.)
            connections.bind(connectionId, roomId, Connection.AGENT, member.keyHash(), member.agentId(), clock.millis());
        }
        if (!replaced.get().isEmpty()) {
            String previous = replaced.get();
            close(previous, ErrorCode.REPLACED, "A newer connection joined with this key.");
            connections.delete(previous);
        }
        return new Bound(member, member.attachedTo(connectionId, attachedAt), roomKeys);
    }

    private History history(String roomId, Long afterSeq) {
        if (afterSeq != null) {
            EventStore.Page page = events.after(roomId, afterSeq, HISTORY_MAX);
            return new History(page.events(), page.hasMore(), true);
        }
        return new History(events.before(roomId, Long.MAX_VALUE, HISTORY_DEFAULT).events(), false, false);
    }

    /** The socket's row; its room and agent go into the log line of the frame being served. */
    private Optional<Connection> connection(String connectionId) {
        Optional<Connection> connection = connections.find(connectionId);
        connection.ifPresent(c -> {
            RequestLog.note("room_id", c.roomId());
            RequestLog.note("agent_id", c.agentId());
        });
        return connection;
    }

    /** Sends a frame in answer to one of the socket's own; a socket found gone is forgotten. */
    public void reply(String connectionId, String frame) {
        try {
            gateway.send(connectionId, frame);
        } catch (ConnectionGateway.ConnectionGone e) {
            connections.find(connectionId).ifPresent(c -> forget(c, LeaveReason.LEFT));
        }
    }
}
