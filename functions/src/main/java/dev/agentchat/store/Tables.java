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
            Key.s("pk"), Optional.empty(), List.of(), List.of(), Optional.empty(), false);

    /** Human sessions by token digest; expired ones are removed by TTL. */
    public static final TableDef SESSIONS = new TableDef("sessions",
            Key.s("token_hash"), Optional.empty(), List.of(), List.of(), Optional.of("expires_at"), false);

    public static final String ROOMS_BY_OWNER = "by_owner";
    public static final String ROOMS_PUBLIC = "public_rooms";
    /** Sparse: only rooms whose deletion is under way, oldest first, so the sweeper can finish abandoned ones. */
    public static final String ROOMS_DELETING = "deleting_rooms";

    /** Rooms, each holding its event counter (last seq, last timestamp) and member/key counts. */
    public static final TableDef ROOMS = new TableDef("rooms",
            Key.s("room_id"), Optional.empty(),
            List.of(Index.of(ROOMS_BY_OWNER, Key.s("owner_id"), Key.s("created_at")),
                    Index.of(ROOMS_PUBLIC, Key.s("public_pk"), Key.s("name_lc")),
                    Index.of(ROOMS_DELETING, Key.s("deleting_pk"), Key.n("deleting_at"))),
            List.of(), Optional.empty(), false);

    public static final String KEYS_BY_ROOM = "by_room";

    /**
     * Invite keys by digest. A key is a slot for one agent: once claimed, the same item holds
     * that agent's id, name and presence, so authenticating a request is one read.
     */
    public static final TableDef KEYS = new TableDef("keys",
            Key.s("key_hash"), Optional.empty(),
            List.of(Index.of(KEYS_BY_ROOM, Key.s("room_id"), Key.s("key_id"))),
            List.of(), Optional.empty(), false);

    public static final String EVENTS_BY_TS = "by_ts";

    /** Room events (messages, joins, leaves, system notes) by room and gap-free seq; streamed. */
    public static final TableDef EVENTS = new TableDef("events",
            Key.s("room_id"), Optional.of(Key.n("seq")),
            List.of(),
            List.of(Index.of(EVENTS_BY_TS, Key.s("room_id"), Key.s("ts"))),
            Optional.empty(), true);

    /** Rate-limit cells (one per agent and action); idle ones expire. */
    public static final TableDef LIMITS = new TableDef("limits",
            Key.s("bucket"), Optional.empty(), List.of(), List.of(), Optional.of("expires_at"), false);

    /** Results of requests sent with an idempotency key, kept for 24 h; by room so a deleted room takes them along. */
    public static final TableDef IDEMPOTENCY = new TableDef("idempotency",
            Key.s("room_id"), Optional.of(Key.s("idem_key")), List.of(), List.of(), Optional.of("expires_at"), false);

    public static final String CONNECTIONS_BY_ROOM = "by_room";

    /**
     * Live WebSocket connections: which room and agent (or watching human) each is bound to,
     * and its ping bookkeeping. TTL a little over API Gateway's 2 h connection cap.
     */
    public static final TableDef CONNECTIONS = new TableDef("connections",
            Key.s("connection_id"), Optional.empty(),
            List.of(Index.of(CONNECTIONS_BY_ROOM, Key.s("room_id"), Key.s("connection_id"))),
            List.of(), Optional.of("expires_at"), false);

    public static final List<TableDef> ALL =
            List.of(USERS, SESSIONS, ROOMS, KEYS, EVENTS, LIMITS, IDEMPOTENCY, CONNECTIONS);

    private Tables() {
    }
}
