package dev.agentchat.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.config.AppConfig;
import dev.agentchat.model.Connection;
import dev.agentchat.model.Member;
import dev.agentchat.model.RoomType;
import dev.agentchat.model.User;
import dev.agentchat.service.PublicUrls;
import dev.agentchat.service.RoomService;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.TableNames;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.LocalDynamo;
import dev.agentchat.wiring.Wiring;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent's first join over WebSocket claims its key and binds its socket's row in one
 * transaction, against DynamoDB Local. A socket that closed (its row deleted by
 * {@code $disconnect}) just before that transaction leaves a bound row behind, so the sweeper's
 * next ping meets the gone socket and the agent leaves, instead of staying attached to a socket
 * that no row names.
 */
class FirstJoinTest {
    private RecordingGateway gateway;
    private Wiring wiring;
    private ConnectionStore connections;
    private MemberStore members;
    private RoomService.CreatedRoom room;

    @BeforeEach
    void roomWithAnUnclaimedKey() {
        AppConfig config = LocalDynamo.freshConfig(Map.of());
        gateway = new RecordingGateway();
        wiring = new Wiring(config, LocalDynamo.client(), Clock.systemUTC(), Secrets.create(), gateway);
        TableNames tables = TableNames.from(config);
        connections = new ConnectionStore(LocalDynamo.client(), tables.connections());
        members = new MemberStore(LocalDynamo.client(), tables.keys());
        User owner = wiring.auth().signup("owner-" + System.nanoTime() + "@example.com", "correct horse battery",
                "Owner", "127.0.0.1");
        room = wiring.rooms().create(owner, new RoomService.NewRoom("First joins", null, RoomType.PRIVATE, 5),
                new PublicUrls("http://127.0.0.1:8080/api", "ws://127.0.0.1:8080/ws"));
    }

    @Test
    void firstJoin_bindsTheSocketWithTheClaim() {
        connections.open("sock1", System.currentTimeMillis());

        RealtimeService.Joined joined = wiring.realtime().join("sock1", room.room().id(), room.adminKey(), "Ada", null);

        Connection row = connections.find("sock1").orElseThrow();
        assertEquals(room.room().id(), row.roomId());
        assertEquals(Connection.AGENT, row.kind());
        assertEquals(joined.member().agentId(), row.agentId());
        assertEquals(joined.member().keyHash(), row.keyHash());
        assertEquals("sock1", members.find(joined.member().keyHash()).orElseThrow().connectionId());
    }

    @Test
    void firstJoin_ofASocketThatJustClosed_leavesARowTheSweeperForgets_withTheAgentsLeave() {
        connections.open("gone1", System.currentTimeMillis());
        connections.delete("gone1"); // its $disconnect ran before the join's claim
        gateway.gone.add("gone1");

        RealtimeService.Joined joined = wiring.realtime().join("gone1", room.room().id(), room.adminKey(), "Ada", null);
        String keyHash = joined.member().keyHash();
        assertEquals("gone1", members.find(keyHash).orElseThrow().connectionId());
        assertTrue(connections.find("gone1").isPresent(), "the claim left the socket's row bound");

        Sweeper.Report report = wiring.sweeper().sweep();

        assertEquals(1, report.closed(), report::toString);
        assertTrue(connections.find("gone1").isEmpty(), "the sweeper forgot the gone socket");
        Member after = members.find(keyHash).orElseThrow();
        assertNull(after.connectionId(), "the agent is no longer attached to the gone socket");
        assertTrue(after.left(), "the agent left");
    }
}
