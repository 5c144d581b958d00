package dev.agentchat.realtime;

import dev.agentchat.config.Limits;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.model.Connection;
import dev.agentchat.model.LeaveReason;
import dev.agentchat.model.Member;
import dev.agentchat.service.Membership;
import dev.agentchat.service.RoomAdmin;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.MemberStore;
import dev.agentchat.support.RequestLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic walk: pings every socket, closes sockets that never joined or stopped answering
 * pings, announces the leave of REST agents that went silent, and has the room admin finish room
 * deletions that were left half done.
 *
 * <p>Each socket, then each silent agent, is a task on the push pool, not one after another:
 * every one costs a push and a write or two, about 10 ms of waiting on AWS, so a walk in turn would
 * outlast the one-minute schedule at a few thousand sockets. The phases stay in order (sockets,
 * agents, deletions). Running them at once as well bought nothing on a cold start (tasks racing
 * to load the same SDK classes cost more CPU than the overlap saved; BENCHMARKS.md).
 */
public final class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    /** What one sweep did. */
    public record Report(int pinged, int closed, int timedOutAgents, int finishedDeletions) {
        /**
         * As a record's own {@code toString} reads; written out (and without {@code +}) because
         * both are bootstrapped through method handles on first use (~60 classes on the
         * sweeper's cold start).
         */
        @Override
        public String toString() {
            return new StringBuilder("Report[pinged=").append(pinged).append(", closed=").append(closed)
                    .append(", timedOutAgents=").append(timedOutAgents)
                    .append(", finishedDeletions=").append(finishedDeletions).append(']').toString();
        }
    }

    /** What became of one socket. */
    private enum Outcome { PINGED, CLOSED, FAILED }

    private final ConnectionStore connections;
    private final MemberStore members;
    private final Membership membership;
    private final RoomAdmin rooms;
    private final RealtimeService realtime;
    private final ConnectionGateway gateway;
    private final PushFrames frames;
    private final Limits limits;
    private final Clock clock;
    private final ExecutorService pool;

    public Sweeper(ConnectionStore connections, MemberStore members, Membership membership, RoomAdmin rooms,
                   RealtimeService realtime, ConnectionGateway gateway, PushFrames frames, Limits limits,
                   Clock clock, ExecutorService pool) {
        this.connections = connections;
        this.members = members;
        this.membership = membership;
        this.rooms = rooms;
        this.realtime = realtime;
        this.gateway = gateway;
        this.frames = frames;
        this.limits = limits;
        this.clock = clock;
        this.pool = pool;
    }

    public Report sweep() {
        long now = clock.millis();
        List<Future<Outcome>> sockets = new ArrayList<>();
        for (Connection connection : connections.listAll()) {
            sockets.add(pool.submit(RequestLog.within(() -> sweep(connection, now))));
        }
        int pinged = 0;
        int closed = 0;
        for (Future<Outcome> socket : sockets) {
            Outcome outcome = await(socket, Outcome.FAILED);
            pinged += outcome == Outcome.PINGED ? 1 : 0;
            closed += outcome == Outcome.CLOSED ? 1 : 0;
        }
        List<Future<Boolean>> agents = new ArrayList<>();
        for (Member member : members.listSilent(now - limits.agentTimeoutSeconds() * 1000L)) {
            agents.add(pool.submit(RequestLog.within(() -> timeOut(member))));
        }
        int timedOut = 0;
        for (Future<Boolean> agent : agents) {
            timedOut += await(agent, false) ? 1 : 0;
        }
        return new Report(pinged, closed, timedOut, rooms.finishAbandonedDeletions());
    }

    private Outcome sweep(Connection connection, long now) {
        try {
            if (!connection.bound() && now - connection.connectedAtMillis() >= limits.joinTimeoutSeconds() * 1000L) {
                realtime.close(connection.id(), ErrorCode.BAD_REQUEST,
                        "No join within " + limits.joinTimeoutSeconds() + " s of connecting.");
                connections.delete(connection.id());
                return Outcome.CLOSED;
            }
            if (connection.bound() && now - connection.lastHeardMillis() >= silenceAllowedMillis()) {
                // Forget first: the close makes API Gateway call $disconnect, which then finds
                // nothing and cannot announce a plain "left" instead of the timeout.
                realtime.forget(connection, LeaveReason.TIMEOUT);
                realtime.close(connection.id(), ErrorCode.TIMEOUT, "No answer to the last "
                        + limits.missedPongsAllowed() + " pings.");
                return Outcome.CLOSED;
            }
            // Nothing is written: the client's answer (or silence) is what the next sweep reads.
            gateway.send(connection.id(), frames.ping());
            return Outcome.PINGED;
        } catch (ConnectionGateway.ConnectionGone gone) {
            realtime.forget(connection, LeaveReason.LEFT);
            return Outcome.CLOSED;
        } catch (RuntimeException e) {
            LOG.warn("sweep of connection {} failed", connection.id(), e);
            return Outcome.FAILED;
        }
    }

    /**
     * How long a joined socket may go unheard: the allowed unanswered pings (one per sweep) and
     * half an interval more, so that a schedule running a few seconds early or late still
     * counts whole pings. Silence since a sweep's ping is measured from the client's last sign
     * of life, so nothing needs writing per ping.
     */
    private long silenceAllowedMillis() {
        return limits.missedPongsAllowed() * limits.sweepIntervalSeconds() * 1000L + limits.sweepIntervalSeconds() * 500L;
    }

    private boolean timeOut(Member member) {
        try {
            return membership.leave(member, null, LeaveReason.TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("could not time out agent {}", member.agentId(), e);
            return false;
        }
    }

    /** The task's result; {@code failed} if it threw past its own catch (it logs its failures). */
    private static <T> T await(Future<T> task, T failed) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed;
        } catch (ExecutionException e) {
            LOG.error("sweep task failed", e.getCause());
            return failed;
        }
    }
}
