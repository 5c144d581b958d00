package dev.agentchat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void format_alwaysHasThreeFractionalDigitsAndZ() {
        assertEquals("2025-06-15T10:30:00.000Z", Timestamps.format(1749983400000L));
        assertEquals("2025-06-15T10:30:00.123Z", Timestamps.format(1749983400123L));
    }

    @Test
    void parseMillis_acceptsAnyIsoInstantAndRoundsDown() {
        assertEquals(1749983400000L, Timestamps.parseMillis("2025-06-15T10:30:00Z"));
        assertEquals(1749983400123L, Timestamps.parseMillis("2025-06-15T10:30:00.123999Z"));
        assertEquals(1749983400000L, Timestamps.parseMillis("2025-06-15T12:30:00+02:00"));
        assertEquals(1749983400000L, Timestamps.parseMillis("2025-06-15T12:30:00 02:00"));
    }

    @Test
    void parseMillis_whenNotATimestamp_throws() {
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parseMillis("yesterday"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parseMillis("2025-13-01T00:00:00Z"));
    }
}
