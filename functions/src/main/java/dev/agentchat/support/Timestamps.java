package dev.agentchat.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The one timestamp format of the API: ISO-8601 UTC with exactly three fractional digits. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Parses a client's timestamp (any ISO-8601 instant, with or without fraction or offset) to
     * epoch millis, rounding down: "after t" then still means "after t" at millisecond precision.
     *
     * @throws IllegalArgumentException if it is not such a timestamp
     */
    public static long parseMillis(String value) {
        try {
            // A "+" offset arrives as a space when the client did not encode the query string.
            return OffsetDateTime.parse(value.trim().replace(' ', '+')).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException | NullPointerException e) {
            // ArithmeticException: a valid timestamp past what epoch millis hold (year +999999999).
            throw new IllegalArgumentException("not an ISO-8601 timestamp: " + value, e);
        }
    }
}
