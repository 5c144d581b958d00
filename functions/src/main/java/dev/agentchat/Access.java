package dev.agentchat;

import dev.agentchat.store.TableDef;
import dev.agentchat.store.Tables;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a handler touches: the DynamoDB actions it performs on each table, and whether it pushes
 * to or closes WebSocket connections. The CDK stack grants each function exactly these actions,
 * so the declaration sits beside the route it describes.
 *
 * <p>Reading the events stream is not an action here: only its two consumers (the fan-out and
 * the wake-ups) read it, each through its event source, which grants the stream actions on the
 * stream alone.
 */
public record Access(Map<TableDef, Set<Action>> tables, boolean manageConnections) {

    /** One DynamoDB API call a handler makes; a transaction is authorised per item it contains. */
    public enum Action {
        GET("GetItem"),
        /** Items of several tables in one read (an agent key with the room a request names; a human's rooms). */
        BATCH_GET("BatchGetItem"),
        /** On the table and its indexes. */
        QUERY("Query"),
        PUT("PutItem"),
        UPDATE("UpdateItem"),
        DELETE("DeleteItem"),
        /** A {@code ConditionCheck} item of a transaction. */
        CONDITION_CHECK("ConditionCheckItem"),
        BATCH_WRITE("BatchWriteItem"),
        /** Walking a whole table: the sweeper's alone. */
        SCAN("Scan");

        private final String operation;

        Action(String operation) {
            this.operation = operation;
        }

        /** The IAM action, e.g. {@code dynamodb:GetItem}. */
        public String iamAction() {
            return "dynamodb:" + operation;
        }

        /** The SDK operation name, as an execution interceptor sees it ({@code GetItem}). */
        public String operation() {
            return operation;
        }

        public boolean writes() {
            return this != GET && this != BATCH_GET && this != QUERY && this != SCAN;
        }
    }

    private static final Set<Action> READ = EnumSet.of(Action.GET, Action.BATCH_GET, Action.QUERY);
    /** No DeleteItem: only sessions, rooms, connections and room humans ever lose an item one by one ({@link #delete}). */
    private static final Set<Action> WRITE = EnumSet.of(Action.GET, Action.BATCH_GET, Action.QUERY, Action.PUT,
            Action.UPDATE);
    /** Deleting a room's items: found by query, removed in batches. */
    private static final Set<Action> PURGE = EnumSet.of(Action.QUERY, Action.BATCH_WRITE);

    public Access {
        Map<TableDef, Set<Action>> copy = new LinkedHashMap<>();
        tables.forEach((table, actions) -> {
            if (actions.isEmpty()) {
                throw new IllegalArgumentException("no action declared on table " + table.logicalName());
            }
            copy.put(table, Set.copyOf(actions));
        });
        tables = Map.copyOf(copy);
    }

    public static final Access NONE = new Access(Map.of(), false);

    /** A human's session lookup (st_ token → user). */
    public static final Access HUMAN = NONE.read(Tables.SESSIONS, Tables.USERS);

    /** A human acting in a room: whether they are in it, and with which role (the owner's needs no read). */
    public static final Access ROOM_HUMAN = HUMAN.read(Tables.HUMANS);

    /**
     * An agent's key on a REST call: the first use claims it (join event, room counter), and
     * activity refreshes presence; a human may use the same routes with a session.
     */
    public static final Access AGENT = ROOM_HUMAN.write(Tables.KEYS, Tables.ROOMS, Tables.EVENTS);

    /** Rate-limited agent calls. */
    public static final Access LIMITED_AGENT = AGENT.write(Tables.LIMITS);

    /**
     * Anything that talks to sockets: sending may find a socket gone, and forgetting it deletes
     * the connection and writes the agent's leave (keys, room counter, events).
     */
    public static final Access SOCKETS = new Access(Map.of(), true)
            .write(Tables.CONNECTIONS, Tables.KEYS, Tables.ROOMS, Tables.EVENTS)
            .delete(Tables.CONNECTIONS);

    /** Finishing a room's deletion: its contents in batches, then the room item itself. */
    public static final Access ROOM_DELETION = NONE.write(Tables.USERS)
            .purge(Tables.EVENTS, Tables.KEYS, Tables.LIMITS, Tables.IDEMPOTENCY, Tables.HUMANS)
            .delete(Tables.ROOMS);

    /** GetItem, BatchGetItem and Query (indexes included). */
    public Access read(TableDef... tables) {
        return with(READ, tables);
    }

    /** GetItem, BatchGetItem, Query, PutItem, UpdateItem: everything but removing items. */
    public Access write(TableDef... tables) {
        return with(WRITE, tables);
    }

    /** DeleteItem. */
    public Access delete(TableDef... tables) {
        return with(EnumSet.of(Action.DELETE), tables);
    }

    /** Query and BatchWriteItem: removing a room's items. */
    public Access purge(TableDef... tables) {
        return with(PURGE, tables);
    }

    /** Scan. */
    public Access scan(TableDef... tables) {
        return with(EnumSet.of(Action.SCAN), tables);
    }

    /** Exactly these actions on one table (added to what is declared). */
    public Access on(TableDef table, Action first, Action... more) {
        return with(EnumSet.of(first, more), table);
    }

    public Access and(Access other) {
        Access sum = new Access(tables, manageConnections || other.manageConnections);
        for (Map.Entry<TableDef, Set<Action>> entry : other.tables.entrySet()) {
            sum = sum.with(entry.getValue(), entry.getKey());
        }
        return sum;
    }

    private Access with(Set<Action> actions, TableDef... more) {
        Map<TableDef, Set<Action>> sum = new LinkedHashMap<>(tables);
        for (TableDef table : more) {
            Set<Action> merged = EnumSet.copyOf(actions);
            merged.addAll(sum.getOrDefault(table, Set.of()));
            sum.put(table, merged);
        }
        return new Access(sum, manageConnections);
    }

    /** The actions declared on a table; empty if it is not touched. */
    public Set<Action> actions(TableDef table) {
        return tables.getOrDefault(table, Set.of());
    }

    /** The tables this handler only reads. */
    public Set<TableDef> reads() {
        return tables.keySet().stream().filter(t -> !writes().contains(t)).collect(Collectors.toUnmodifiableSet());
    }

    /** The tables this handler changes in any way. */
    public Set<TableDef> writes() {
        return tables.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(Action::writes))
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether this handler may write to no table at all. */
    public boolean readOnly() {
        return writes().isEmpty();
    }
}
