package dev.agentchat.store;

import dev.agentchat.store.TableDef.Index;
import dev.agentchat.store.TableDef.Key;
import java.util.List;
import java.util.Optional;

/**
 * Every table and index AgentChat stores data in: the single definition that the CDK stack,
 * the standalone server and the tests create tables from.
 */
public final class Tables {
    /** Human accounts ({@code usr_…}) and the e-mail claims that keep addresses unique. */
    public static final TableDef USERS = new TableDef("users",
            Key.s(UserStore.PK), Optional.empty(), List.of(), List.of(), Optional.empty(), false);

    /** Human sessions by token digest; expired ones are removed by TTL. */
    public static final TableDef SESSIONS = new TableDef("sessions",
            Key.s(SessionStore.TOKEN_HASH), Optional.empty(), List.of(), List.of(),
            Optional.of(SessionStore.EXPIRES_AT), false);

    public static final String ROOMS_BY_OWNER = "by_owner";
    public static final String ROOMS_PUBLIC = "public_rooms";
    /** Sparse: only rooms whose deletion is under way, oldest first, so the sweeper can finish abandoned ones. */
    public static final String ROOMS_DELETING = "deleting_rooms";

    /** Rooms, each holding its event counter (last seq, last timestamp) and member/key counts. */
    public static final TableDef ROOMS = new TableDef("rooms",
            Key.s(RoomStore.ROOM_ID), Optional.empty(),
            List.of(Index.of(ROOMS_BY_OWNER, Key.s(RoomStore.OWNER_ID), Key.s(RoomStore.CREATED_AT)),
                    Index.of(ROOMS_PUBLIC, Key.s(RoomStore.PUBLIC_PK), Key.s(RoomStore.NAME_LC)),
                    Index.of(ROOMS_DELETING, Key.s(RoomStore.DELETING_PK), Key.n(RoomStore.DELETING_AT))),
            List.of(), Optional.empty(), false);

    public static final String KEYS_BY_ROOM = "by_room";

    /**
     * Invite keys by digest. A key is a slot for one agent: once claimed, the same item holds
     * that agent's id, name and presence, so authenticating a request is one read.
     */
    public static final TableDef KEYS = new TableDef("keys",
            Key.s(MemberStore.KEY_HASH), Optional.empty(),
            List.of(Index.of(KEYS_BY_ROOM, Key.s(MemberStore.ROOM_ID), Key.s(MemberStore.KEY_ID))),
            List.of(), Optional.empty(), false);

    public static final String EVENTS_BY_TS = "by_ts";

    /**
     * Room events (messages, joins, leaves, system notes) by room and gap-free seq; streamed. Events
     * of a room with retention_days expire by TTL.
     */
    public static final TableDef EVENTS = new TableDef("events",
            Key.s(EventStore.ROOM_ID), Optional.of(Key.n(EventStore.SEQ)),
            List.of(),
            List.of(Index.of(EVENTS_BY_TS, Key.s(EventStore.ROOM_ID), Key.s(EventStore.TS))),
            Optional.of(EventStore.EXPIRES_AT), true);

    /** Rate-limit cells (one per agent and action); idle ones expire. */
    public static final TableDef LIMITS = new TableDef("limits",
            Key.s(RateLimitStore.BUCKET), Optional.empty(), List.of(), List.of(),
            Optional.of(RateLimitStore.EXPIRES_AT), false);

    /** Results of requests sent with an idempotency key, kept for 24 h; by room so a deleted room takes them along. */
    public static final TableDef IDEMPOTENCY = new TableDef("idempotency",
            Key.s(IdempotencyStore.ROOM_ID), Optional.of(Key.s(IdempotencyStore.IDEM_KEY)), List.of(), List.of(),
            Optional.of(IdempotencyStore.EXPIRES_AT), false);

    public static final String CONNECTIONS_BY_ROOM = "by_room";
    /**
     * A socket's rows by the digest they carry: a watcher's session (so signing out finds its
     * sockets in one query), an agent's key. Keys only, so a pong's write costs it nothing.
     */
    public static final String CONNECTIONS_BY_KEY = "by_key";

    /**
     * Live WebSocket connections: which room and agent (or watching human) each is bound to,
     * and its ping bookkeeping. TTL a little over API Gateway's 2 h connection cap.
     */
    public static final TableDef CONNECTIONS = new TableDef("connections",
            Key.s(ConnectionStore.CONNECTION_ID), Optional.empty(),
            List.of(Index.of(CONNECTIONS_BY_ROOM, Key.s(ConnectionStore.ROOM_ID),
                    Key.s(ConnectionStore.CONNECTION_ID)),
                    Index.keysOnly(CONNECTIONS_BY_KEY, Key.s(ConnectionStore.KEY_HASH))),
            List.of(), Optional.of(ConnectionStore.EXPIRES_AT), false);

    public static final String HUMANS_BY_USER = "by_user";

    /**
     * The humans of each room (owner, moderators, members) by room and user; by user too, so a
     * human's rooms are one query. Checking a human's role is one read of this table (none for the
     * owner, whom the room item names).
     */
    public static final TableDef HUMANS = new TableDef("humans",
            Key.s(HumanStore.ROOM_ID), Optional.of(Key.s(HumanStore.USER_ID)),
            List.of(Index.of(HUMANS_BY_USER, Key.s(HumanStore.USER_ID), Key.s(HumanStore.ROOM_ID))),
            List.of(), Optional.empty(), false);

    /** The index of a room's human invite links, by room and when each was made (its owner lists and revokes them). */
    public static final String HUMAN_INVITES_BY_ROOM = "by_room";

    /**
     * Single-use human invite links by token digest, and by room; spent and expired ones are
     * removed by TTL a week later.
     */
    public static final TableDef HUMAN_INVITES = new TableDef("human_invites",
            Key.s(HumanInviteStore.TOKEN_HASH), Optional.empty(),
            List.of(Index.of(HUMAN_INVITES_BY_ROOM, Key.s(HumanInviteStore.ROOM_ID), Key.s(HumanInviteStore.CREATED_AT))),
            List.of(),
            Optional.of(HumanInviteStore.EXPIRES_AT), false);

    public static final List<TableDef> ALL =
            List.of(USERS, SESSIONS, ROOMS, KEYS, EVENTS, LIMITS, IDEMPOTENCY, CONNECTIONS, HUMANS, HUMAN_INVITES);

    private Tables() {
    }
}
