package dev.agentchat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadQueryTest {
    @Test
    void parse_withNoParameters_readsTheLatestFiftyWithoutWaiting() {
        ReadQuery query = ReadQuery.parse(Map.<String, String>of()::get, 25);
        assertEquals(50, query.limit());
        assertEquals(0, query.waitSeconds());
        assertNull(query.afterSeq());
    }

    @Test
    void parse_readsEachCursor() {
        assertEquals(7L, ReadQuery.parse(Map.of("after_seq", "7", "limit", "200", "wait", "25")::get, 25).afterSeq());
        assertEquals(1749983400000L, ReadQuery.parse(Map.of("since", "2025-06-15T10:30:00Z")::get, 25).sinceMillis());
        assertEquals(3L, ReadQuery.parse(Map.of("before_seq", "3")::get, 25).beforeSeq());
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=201", "limit=abc", "wait=26", "wait=-1", "after_seq=-1",
            "before_seq=0", "since=yesterday", "after_seq=1&since=2025-06-15T10:30:00Z", "after_seq=1&before_seq=5"})
    void parse_whenInvalid_isBadRequest(String query) {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], kv[1]);
        }
        Refusal e = assertThrows(Refusal.class, () -> ReadQuery.parse(params::get, 25));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }
}
