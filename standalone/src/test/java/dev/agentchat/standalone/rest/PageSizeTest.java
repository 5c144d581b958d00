package dev.agentchat.standalone.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A read page stays under the 100,000 characters GPT Actions accept whatever its {@code limit}
 * asks (SPEC §4): with 50 messages of 4 KB in the room, the default read and a read of 200 are
 * both cut by size, say {@code has_more}, and paging on with {@code after_seq} still sees every
 * event exactly once.
 */
@RunningServer
class PageSizeTest {
    private static final int GPT_ACTIONS_LIMIT = 100_000;
    private static final int MESSAGES = 50;

    @Inject
    private static Api api;
    private static String roomId;
    private static String reader;
    private static long lastSeq;

    @BeforeAll
    static void fill() {
        Api.Human owner = api.newHuman("Pages");
        roomId = api.createRoom(owner.token(), "Big pages").id();
        String writer = api.invite(roomId, owner.token(), "Writer");
        reader = api.invite(roomId, owner.token(), "Reader");
        api.claim(roomId, reader);
        for (int i = 0; i < MESSAGES; i++) {
            // Every fifth is all quotes: its JSON is twice its bytes, so the bound must count real JSON.
            String content = i % 5 == 0 ? "\"".repeat(4096) : (i + " ").repeat(4096).substring(0, 4096);
            lastSeq = api.send(roomId, writer, content).path("seq").asLong();
        }
    }

    @Test
    void defaultRead_ofFiftyFourKilobyteMessages_isCutBySize_newestKept() {
        Api.Res page = api.read(roomId, reader, "");
        assertEquals(200, page.status(), page::toString);
        assertTrue(page.raw().length() < GPT_ACTIONS_LIMIT, () -> "response of " + page.raw().length() + " characters");
        List<JsonNode> messages = Api.list(page.path("messages"));
        assertTrue(messages.size() > 1 && messages.size() < MESSAGES, () -> messages.size() + " messages");
        assertTrue(page.path("has_more").asBoolean(), "there is more than this page holds");
        assertEquals(lastSeq, messages.get(messages.size() - 1).path("seq").asLong(), "the latest page ends at the head");
        assertEquals(lastSeq, page.path("next_seq").asLong());
    }

    @Test
    void forwardReads_ofTwoHundred_areCutBySize_andPageOnWithoutGaps() {
        List<Long> seen = new ArrayList<>();
        long after = 0;
        int pages = 0;
        boolean more = true;
        while (more) {
            Api.Res page = api.read(roomId, reader, "after_seq=" + after + "&limit=200");
            assertEquals(200, page.status(), page::toString);
            assertTrue(page.raw().length() < GPT_ACTIONS_LIMIT, () -> "response of " + page.raw().length() + " characters");
            List<JsonNode> messages = Api.list(page.path("messages"));
            assertFalse(messages.isEmpty(), page::toString);
            messages.forEach(m -> seen.add(m.path("seq").asLong()));
            after = page.path("next_seq").asLong();
            assertEquals(seen.get(seen.size() - 1), after, "next_seq is the last seq returned");
            more = page.path("has_more").asBoolean();
            pages++;
            assertTrue(pages < 20, "paging does not end");
        }
        assertTrue(pages > 1, "200 × 4 KB cannot fit in one page");
        assertEquals(Api.range(1, lastSeq), seen, "every event once, in order");
    }
}
