package dev.agentchat.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.agentchat.standalone.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File-backed DynamoDB Local runs its SQLite in write-ahead-log mode with
 * {@code synchronous=NORMAL} and temporary files in memory (see {@link WriteAheadLog}): the settings take, the server's
 * writes go to the log and never to a rollback journal, and what was written is there after a
 * restart on the same directory in the same JVM (the first server's close waits for SQLite to let go
 * of the file). Durability under {@code kill -9} is KillNineDurabilityTest's.
 */
class WriteAheadLogTest {
    @TempDir
    Path data;

    @Test
    void enableSetsWalAndNormalSyncAndSqliteKeepsThem() {
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create(data.resolve("probe.db").toFile(), true);
        try {
            WriteAheadLog log = WriteAheadLog.of(local);
            assertEquals("journal_mode=delete, synchronous=2, temp_store=0", describe(log.settings()),
                    "DynamoDB Local's own defaults (if this changes, WriteAheadLog may be moot)");
            Map<String, String> set = log.enable();
            assertEquals("journal_mode=wal, synchronous=1, temp_store=2", describe(set));
            assertEquals(set, log.settings(), "read back on the same connection");
        } finally {
            local.shutdown();
        }
    }

    @Test
    void aFileBackedServerWritesThroughTheLogAndKeepsItsDataOverARestart() throws Exception {
        AgentChatServer server = new AgentChatServer("127.0.0.1", 0, data, Map.of(), line -> { }).start();
        Api.Room room;
        try {
            Api api = new Api(server);
            room = api.createRoom(api.newHuman("wal").token(), "logged");
            assertTrue(Files.size(data.resolve("agentchat.db-wal")) > 0, "the room's writes went to the write-ahead log");
            assertFalse(Files.exists(data.resolve("agentchat.db-journal")), "no rollback journal while WAL is on");
        } finally {
            server.close();
        }
        AgentChatServer again = new AgentChatServer("127.0.0.1", 0, data, Map.of(), line -> { }).start();
        try {
            Api.Res info = new Api(again).roomInfo(room.id(), room.adminKey());
            assertEquals(200, info.status(), info::toString);
            assertEquals("logged", info.path("room").path("name").asText(), info::toString);
        } finally {
            again.close();
        }
    }

    private static String describe(Map<String, String> settings) {
        return "journal_mode=" + settings.get("journal_mode").toLowerCase() + ", synchronous=" + settings.get("synchronous")
                + ", temp_store=" + settings.get("temp_store");
    }
}
