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
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic walk: pings every socket, closes sockets that never joined or stopped answering
 * pings, announces the leave of REST agents that went silent, and has the room admin finish room
 * deletions that were left half done.
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

    private final ConnectionStore connections;
    private final MemberStore members;
    private final Membership membership;
    private final RoomAdmin rooms;
    private final RealtimeService realtime;
    private final ConnectionGateway gateway;
    private final PushFrames frames;
    private final Limits limits;
    private final Clock clock;

    public Sweeper(ConnectionStore connections, MemberStore members, Membership membership, RoomAdmin rooms,
                   RealtimeService realtime, ConnectionGateway gateway, PushFrames frames, Limits limits,
                   Clock clock) {
        this.connections = connections;
        this.members = members;
        this.membership = membership;
        this.rooms = rooms;
        this.realtime = realtime;
        this.gateway = gateway;
        this.frames = frames;
        this.limits = limits;
        this.clock = clock;
    }

    public Report sweep() {
        long now = clock.millis();
        int pinged = 0;
        int closed = 0;
        for (Connection connection : connections.listAll()) {
            try {
                if (!connection.bound() && now - connection.connectedAtMillis() >= limits.joinTimeoutSeconds() * 1000L) {
                    realtime.close(connection.id(), ErrorCode.BAD_REQUEST,
                            "No join within " + limits.joinTimeoutSeconds() + " s of connecting.");
                    connections.delete(connection.id());
                    closed++;
                } else if (connection.missedPings() >= limits.missedPongsAllowed()) {
                    // Forget first: the close makes API Gateway call $disconnect, which then finds
                    // nothing and cannot announce a plain "left" instead of the timeout.
                    realtime.forget(connection, LeaveReason.TIMEOUT);
                    realtime.close(connection.id(), ErrorCode.TIMEOUT, "Nothing received since the last "
                            + connection.missedPings() + " pings.");
                    closed++;
                } else {
                    gateway.send(connection.id(), frames.ping());
                    connections.pinged(connection.id());
                    pinged++;
                }
            } catch (ConnectionGateway.ConnectionGone gone) {
                realtime.forget(connection, LeaveReason.LEFT);
                closed++;
            } catch (RuntimeException e) {
                LOG.warn("sweep of connection {} failed", connection.id(), e);
            }
        }
        int timedOut = 0;
        for (Member member : members.listSilent(now - limits.agentTimeoutSeconds() * 1000L)) {
            try {
                if (membership.leave(member, null, LeaveReason.TIMEOUT)) {
                    timedOut++;
                }
            } catch (RuntimeException e) {
                LOG.warn("could not time out agent {}", member.agentId(), e);
            }
        }
        int finished = rooms.finishAbandonedDeletions();
        return new Report(pinged, closed, timedOut, finished);
    }
}
