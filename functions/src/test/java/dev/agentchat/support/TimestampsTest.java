package dev.agentchat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
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

    @Test
    void format_isWhatTheIsoPatternWrites_acrossCenturiesAndDaysEdges() {
        DateTimeFormatter pattern = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {0, -1, 86_399_999, 86_400_000, 951_782_400_000L, -62_135_596_800_000L, 253_402_300_799_999L,
                253_402_300_800_000L, -30_610_224_000_001L};
        for (long millis : edges) {
            assertEquals(pattern.format(Instant.ofEpochMilli(millis)), Timestamps.format(millis), "at " + millis);
        }
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(-40_000_000_000_000L, 260_000_000_000_000L);
            assertEquals(pattern.format(Instant.ofEpochMilli(millis)), Timestamps.format(millis), "at " + millis);
        }
    }

    @Test
    void parseOwn_readsWhatFormatWrites_andLeavesOtherTextsToTheIsoParser() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(0, 253_402_300_799_999L);
            assertEquals(millis, Timestamps.parseOwn(Timestamps.format(millis)));
        }
        assertEquals(1749983400000L, Timestamps.parseOwn("2025-06-15T12:30:00+02:00"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parseOwn("2025-13-01T00:00:00.000Z"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parseOwn(null));
    }
}
