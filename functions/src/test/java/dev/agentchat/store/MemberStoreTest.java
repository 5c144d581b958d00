package dev.agentchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.Member;
import dev.agentchat.model.NameSource;
import dev.agentchat.model.Principal;
import dev.agentchat.model.Role;
import dev.agentchat.model.SendToken;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.LocalDynamo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class MemberStoreTest {
    private static final Secrets SECRETS = Secrets.create();
    private static DynamoDbClient db;
    private static TableNames tables;
    private static MemberStore members;

    @BeforeAll
    static void tables() {
        db = LocalDynamo.client();
        tables = TableNames.from(LocalDynamo.freshConfig(Map.of()));
        members = new MemberStore(db, tables.keys());
    }

    @Test
    void find_afterAPut_readsBackEveryFieldWithItsEnums() {
        Member agent = new Member(SECRETS.newId("hash"), SECRETS.newId("key"), SECRETS.newId("room"), Role.ADMIN,
                "Scout", "2025-01-01T00:00:00.000Z", false, SECRETS.newId("agt"), "2025-01-01T00:00:01.000Z", "Scout",
                NameSource.LABEL, 1_000, ConnectionType.WEBSOCKET, true, "conn-1", false, "192.0.2.7",
                new Principal("usr_alice", "Alice"));
        put(agent);

        assertEquals(agent, members.find(agent.keyHash()).orElseThrow());
        assertTrue(members.find("no-such-hash").isEmpty());
    }

    @Test
    void setPrincipal_onAUsableKey_isReadBack_andRefusedForAnUnknownKey() {
        Member key = put(newKey(SECRETS.newId("room")));
        assertNull(members.find(key.keyHash()).orElseThrow().principal());

        assertTrue(members.setPrincipal(key.keyHash(), new Principal("usr_bob", "Bob")));
        assertEquals(new Principal("usr_bob", "Bob"), members.find(key.keyHash()).orElseThrow().principal());

        assertFalse(members.setPrincipal("no-such-hash", new Principal("usr_bob", "Bob")));
    }

    @Test
    void find_whenTheKeyIsUnclaimed_hasNoAgentNameSourceOrConnectionType() {
        Member key = put(newKey(SECRETS.newId("room")));

        Member found = members.find(key.keyHash()).orElseThrow();
        assertFalse(found.claimed());
        assertNull(found.nameSource());
        assertNull(found.connectionType());
        assertEquals(key, found);
    }

    @Test
    void listByRoom_andFindByKeyId_seeOnlyTheRoomsKeys() {
        String roomId = SECRETS.newId("room");
        Member a = put(newKey(roomId));
        Member b = put(newKey(roomId));
        Member elsewhere = put(newKey(SECRETS.newId("room")));

        assertEquals(List.of(a, b).stream().map(Member::keyId).sorted().toList(),
                members.listByRoom(roomId).stream().map(Member::keyId).toList());
        assertEquals(Optional.of(b), members.findByKeyId(roomId, b.keyId()));
        assertTrue(members.findByKeyId(roomId, elsewhere.keyId()).isEmpty());
    }

    @Test
    void claimStep_whenTheKeyIsFree_makesItAnAgentAndFailsASecondClaim() {
        Member key = put(newKey(SECRETS.newId("room")));
        Member claimed = claimedFrom(key, "Fallback-1", NameSource.FALLBACK);

        db.transactWriteItems(r -> r.transactItems(members.claimStep(claimed, 5_000, ConnectionType.REST)));

        Member found = members.find(key.keyHash()).orElseThrow();
        assertEquals(claimed.agentId(), found.agentId());
        assertEquals("Fallback-1", found.name());
        assertEquals(NameSource.FALLBACK, found.nameSource());
        assertEquals(ConnectionType.REST, found.connectionType());
        assertEquals(5_000, found.lastSeenMillis());
        Member second = claimedFrom(key, "Other", NameSource.SELF);
        assertFalse(succeeds(() -> db.transactWriteItems(r -> r.transactItems(
                members.claimStep(second, 6_000, ConnectionType.WEBSOCKET)))));
        assertEquals(claimed.agentId(), members.find(key.keyHash()).orElseThrow().agentId());
    }

    @Test
    void touch_whenTheAgentHasNoSocket_recordsRestPresenceAndASelfChosenName() {
        Member agent = put(agent(SECRETS.newId("room"), ConnectionType.WEBSOCKET, null));

        assertTrue(members.touch(agent.keyHash(), 9_000, "Chosen", false));

        Member found = members.find(agent.keyHash()).orElseThrow();
        assertEquals(9_000, found.lastSeenMillis());
        assertEquals(ConnectionType.REST, found.connectionType());
        assertEquals("Chosen", found.name());
        assertEquals(NameSource.SELF, found.nameSource());
    }

    @Test
    void touch_whenTheAgentHasASocket_keepsItAWebSocketAgent() {
        Member agent = put(agent(SECRETS.newId("room"), ConnectionType.WEBSOCKET, "conn-live"));

        assertTrue(members.touch(agent.keyHash(), 9_000, null, true));

        Member found = members.find(agent.keyHash()).orElseThrow();
        assertEquals(ConnectionType.WEBSOCKET, found.connectionType());
        assertEquals(agent.name(), found.name());
        assertEquals(9_000, found.lastSeenMillis());
    }

    @Test
    void touch_whenTheKeyIsRevokedOrUnclaimed_isFalseAndWritesNothing() {
        Member agent = put(agent(SECRETS.newId("room"), ConnectionType.REST, null));
        db.transactWriteItems(r -> r.transactItems(members.revokeStep(agent.keyHash(), "revoked", 1)));
        Member unclaimed = put(newKey(agent.roomId()));

        assertFalse(members.touch(agent.keyHash(), 9_000, null, false));
        assertFalse(members.touch(unclaimed.keyHash(), 9_000, null, false));
        assertEquals(agent.lastSeenMillis(), members.find(agent.keyHash()).orElseThrow().lastSeenMillis());
        assertEquals(unclaimed, members.find(unclaimed.keyHash()).orElseThrow());
    }

    @Test
    void attachConnection_whenAnotherConnectionHeldTheKey_returnsItToBeClosed() {
        Member agent = put(agent(SECRETS.newId("room"), ConnectionType.REST, null));

        assertEquals(Optional.of(""), members.attachConnection(agent.keyHash(), "conn-a", 1_000));
        assertEquals(Optional.of(""), members.attachConnection(agent.keyHash(), "conn-a", 2_000));
        assertEquals(Optional.of("conn-a"), members.attachConnection(agent.keyHash(), "conn-b", 3_000));

        Member found = members.find(agent.keyHash()).orElseThrow();
        assertEquals("conn-b", found.connectionId());
        assertEquals(ConnectionType.WEBSOCKET, found.connectionType());
        assertEquals(3_000, found.lastSeenMillis());
    }

    @Test
    void attachConnection_whenTheKeyIsRevoked_isEmpty() {
        Member agent = put(agent(SECRETS.newId("room"), ConnectionType.REST, null));
        db.transactWriteItems(r -> r.transactItems(members.revokeStep(agent.keyHash(), "kicked", 1)));

        assertEquals(Optional.empty(), members.attachConnection(agent.keyHash(), "conn-a", 1_000));
        assertNull(members.find(agent.keyHash()).orElseThrow().connectionId());
    }

    @Test
    void renameStep_setsTheNameAsSelfChosen() {
        Member agent = put(agent(SECRETS.newId("room"), ConnectionType.REST, null));

        db.transactWriteItems(r -> r.transactItems(members.renameStep(agent.keyHash(), "Renamed", NameSource.SELF)));

        Member found = members.find(agent.keyHash()).orElseThrow();
        assertEquals("Renamed", found.name());
        assertEquals(NameSource.SELF, found.nameSource());
    }

    @Test
    void revokeStep_whenTheKeyIsRevokedAlready_fails() {
        Member agent = put(agent(SECRETS.newId("room"), ConnectionType.REST, null));

        db.transactWriteItems(r -> r.transactItems(members.revokeStep(agent.keyHash(), "revoked", 1)));

        assertTrue(members.find(agent.keyHash()).orElseThrow().revoked());
        assertFalse(succeeds(() -> db.transactWriteItems(r -> r.transactItems(
                members.revokeStep(agent.keyHash(), "kicked", 2)))));
    }

    @Test
    void leftStep_withAConnection_holdsOnlyWhileItIsTheAgentsCurrentOne() {
        Member agent = put(agent(SECRETS.newId("room"), ConnectionType.WEBSOCKET, "conn-new"));

        assertFalse(succeeds(() -> db.transactWriteItems(r -> r.transactItems(
                members.leftStep(agent.keyHash(), "conn-old", agent.lastSeenMillis())))));
        assertFalse(members.find(agent.keyHash()).orElseThrow().left());

        db.transactWriteItems(r -> r.transactItems(members.leftStep(agent.keyHash(), "conn-new", 0)));
        Member gone = members.find(agent.keyHash()).orElseThrow();
        assertTrue(gone.left());
        assertNull(gone.connectionId());

        db.transactWriteItems(r -> r.transactItems(members.presentStep(agent.keyHash())));
        assertFalse(members.find(agent.keyHash()).orElseThrow().left());
    }

    @Test
    void listSilent_findsClaimedAgentsSilentSinceTheCutoffWithoutASocketOnce() {
        String roomId = SECRETS.newId("room");
        Member silent = put(withLastSeen(agent(roomId, ConnectionType.REST, null), 1_000));
        Member recent = put(withLastSeen(agent(roomId, ConnectionType.REST, null), 9_000));
        Member connected = put(withLastSeen(agent(roomId, ConnectionType.WEBSOCKET, "conn-x"), 1_000));
        put(newKey(roomId));

        List<String> found = members.listSilent(5_000).stream().filter(m -> roomId.equals(m.roomId()))
                .map(Member::keyHash).toList();

        assertEquals(List.of(silent.keyHash()), found);
        db.transactWriteItems(r -> r.transactItems(members.leftStep(silent.keyHash(), null, 1_000)));
        assertTrue(members.listSilent(5_000).stream().noneMatch(m -> roomId.equals(m.roomId())));
        assertFalse(members.find(recent.keyHash()).orElseThrow().left());
        assertFalse(members.find(connected.keyHash()).orElseThrow().left());
    }

    @Test
    void deleteAll_removesTheGivenKeysOnly() {
        String roomId = SECRETS.newId("room");
        Member a = put(newKey(roomId));
        Member b = put(newKey(roomId));
        Member kept = put(newKey(roomId));

        members.deleteAll(List.of(a, b));

        assertEquals(List.of(kept.keyHash()), members.listByRoom(roomId).stream().map(Member::keyHash).toList());
    }

    private static Member newKey(String roomId) {
        return Member.newKey(SECRETS.newId("hash"), SECRETS.newId("key"), roomId, Role.MEMBER, null,
                "2025-01-01T00:00:00.000Z", null, null);
    }

    @Test
    void senderStep_spendsTokensFromOneStaleRead_untilTheBurstIsSpent() {
        // Sends of one agent racing on one read of its key must each spend their own token without a
        // retry (the cell only grows, by one interval, while within the burst); only an idle cell is set.
        Member idle = put(agent(SECRETS.newId("room"), ConnectionType.REST, null));
        long now = 1_000_000L;
        SendToken token = new SendToken(now, 100, now + 200);   // a burst of 3
        assertTrue(succeeds(() -> spend(idle, token)), "an idle cell starts from now");
        assertEquals(now + 100, members.find(idle.keyHash()).orElseThrow().sendTatMillis());
        assertFalse(succeeds(() -> spend(idle, token)), "a second send read idle while the cell moved: retry once");

        Member read = members.find(idle.keyHash()).orElseThrow();
        assertTrue(succeeds(() -> spend(read, token)), "the second token");
        assertTrue(succeeds(() -> spend(read, token)), "the third, from the same read: no retry");
        assertEquals(now + 300, members.find(idle.keyHash()).orElseThrow().sendTatMillis());
        assertFalse(succeeds(() -> spend(read, token)), "the burst is spent, whatever the read said");
        assertEquals(now + 300, members.find(idle.keyHash()).orElseThrow().sendTatMillis(), "a refusal spends nothing");
    }

    private static void spend(Member sender, SendToken token) {
        db.transactWriteItems(TransactWriteItemsRequest.builder()
                .transactItems(members.senderStep(sender, token.nowMillis(), null, true, token)).build());
    }

    private static Member agent(String roomId, ConnectionType type, String connectionId) {
        return new Member(SECRETS.newId("hash"), SECRETS.newId("key"), roomId, Role.MEMBER, null,
                "2025-01-01T00:00:00.000Z", false, SECRETS.newId("agt"), "2025-01-01T00:00:01.000Z", "Agent",
                NameSource.FALLBACK, 500, type, false, connectionId, false, null, null);
    }

    private static Member claimedFrom(Member key, String name, NameSource source) {
        return new Member(key.keyHash(), key.keyId(), key.roomId(), key.role(), key.label(), key.createdAt(), false,
                SECRETS.newId("agt"), "2025-01-01T00:00:02.000Z", name, source, 0, null, false, null, false,
                key.originIp(), key.principal());
    }

    private static Member withLastSeen(Member m, long lastSeenMillis) {
        return new Member(m.keyHash(), m.keyId(), m.roomId(), m.role(), m.label(), m.createdAt(), m.revoked(),
                m.agentId(), m.claimedAt(), m.name(), m.nameSource(), lastSeenMillis, m.connectionType(),
                m.introChecked(), m.connectionId(), m.left(), m.originIp(), m.principal());
    }

    private static Member put(Member member) {
        db.putItem(PutItemRequest.builder().tableName(tables.keys()).item(MemberStore.toItem(member)).build());
        return member;
    }

    private static boolean succeeds(Runnable write) {
        try {
            write.run();
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }
}
