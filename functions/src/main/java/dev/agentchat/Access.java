package dev.agentchat;

import dev.agentchat.store.TableDef;
import dev.agentchat.store.Tables;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a handler touches: the tables it only reads, the tables it writes (and reads), and
 * whether it pushes to or closes WebSocket connections. The CDK stack grants each function
 * exactly this, so the declaration sits beside the route it describes.
 */
public record Access(Set<TableDef> reads, Set<TableDef> writes, boolean manageConnections) {

    public static final Access NONE = new Access(Set.of(), Set.of(), false);

    /** A human's session lookup (st_ token → user). */
    public static final Access HUMAN = NONE.read(Tables.SESSIONS, Tables.USERS);

    /**
     * An agent's key on a REST call: the first use claims it (join event, room counter), and
     * activity refreshes presence; a human may use the same routes with a session.
     */
    public static final Access AGENT = HUMAN.write(Tables.KEYS, Tables.ROOMS, Tables.EVENTS);

    /** Rate-limited agent calls. */
    public static final Access LIMITED_AGENT = AGENT.write(Tables.LIMITS);

    /**
     * Anything that talks to sockets: sending may find a socket gone, and forgetting it writes
     * the agent's leave (keys, room counter, events).
     */
    public static final Access SOCKETS = new Access(Set.of(),
            Set.of(Tables.CONNECTIONS, Tables.KEYS, Tables.ROOMS, Tables.EVENTS), true);

    public Access read(TableDef... tables) {
        Set<TableDef> more = new LinkedHashSet<>(reads);
        more.addAll(Set.of(tables));
        return new Access(Set.copyOf(more), writes, manageConnections);
    }

    public Access write(TableDef... tables) {
        Set<TableDef> more = new LinkedHashSet<>(writes);
        more.addAll(Set.of(tables));
        return new Access(reads, Set.copyOf(more), manageConnections);
    }

    public Access and(Access other) {
        Set<TableDef> r = new LinkedHashSet<>(reads);
        r.addAll(other.reads);
        Set<TableDef> w = new LinkedHashSet<>(writes);
        w.addAll(other.writes);
        return new Access(Set.copyOf(r), Set.copyOf(w), manageConnections || other.manageConnections);
    }

    /** Whether this handler may write to no table at all. */
    public boolean readOnly() {
        return writes.isEmpty();
    }
}
