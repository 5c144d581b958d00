package dev.agentchat.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.FuzzTarget.Fixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shrunk inputs the fuzz properties found (issue #7), kept as plain examples. */
class FuzzRegressionTest {
    private static FuzzTarget target;

    @BeforeAll
    static void start() throws Exception {
        target = FuzzTarget.start();
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void roomIdLongerThanADynamoDbKey_isNotFound_notA500() {
        Fixture fixture = target.fixture(false);
        StoredState.Snapshot before = target.stored();
        Api.Res res = target.api.requestBytes("PATCH", "/rooms/" + "a".repeat(2_100), fixture.ownerToken(), new byte[0]);
        assertEquals(404, res.status(), res::toString);
        FuzzTarget.assertHandled(res, before, target.stored(), "PATCH with a 2100-character room id");
    }

    @Test
    void memberKeyOnAnAdminRoute_isForbidden_andDoesNotClaimTheKey() {
        Fixture fixture = target.fixture(false);
        StoredState.Snapshot before = target.stored();
        Api.Res res = target.api.requestBytes("POST", "/rooms/" + fixture.roomId() + "/invites", fixture.memberKey(),
                new byte[0]);
        assertEquals(403, res.status(), res::toString);
        assertTrue(before.changesTo(target.stored()).isEmpty(), "the refused member key was claimed");
    }
}
