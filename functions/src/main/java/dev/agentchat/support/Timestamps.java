package dev.agentchat.support;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The one timestamp format of the API: ISO-8601 UTC with exactly three fractional digits. */
public final class Timestamps {
    private Timestamps() {
    }

    /** Built only for years outside 1000–9999: building a formatter costs a cold start tens of classes. */
    private static final class Formatter {
        static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    }

    public static String format(long epochMillis) {
        long day = Math.floorDiv(epochMillis, 86_400_000L);
        LocalDate date = LocalDate.ofEpochDay(day);
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            return Formatter.FORMAT.format(Instant.ofEpochMilli(epochMillis));
        }
        int inDay = (int) (epochMillis - day * 86_400_000L);
        StringBuilder out = new StringBuilder(24).append(date.getYear()).append('-');
        two(out, date.getMonthValue()).append('-');
        two(out, date.getDayOfMonth()).append('T');
        two(out, inDay / 3_600_000).append(':');
        two(out, inDay / 60_000 % 60).append(':');
        two(out, inDay / 1000 % 60).append('.');
        int millis = inDay % 1000;
        return out.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10)).append('Z').toString();
    }

    private static StringBuilder two(StringBuilder out, int n) {
        return out.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /**
     * Parses a timestamp this app wrote ({@link #format}) without the ISO parser, which the
     * fan-out would otherwise load on its cold path just to measure its lag; anything else goes
     * to {@link #parseMillis}.
     */
    public static long parseOwn(String value) {
        if (value != null && value.length() == 24 && value.charAt(4) == '-' && value.charAt(7) == '-'
                && value.charAt(10) == 'T' && value.charAt(13) == ':' && value.charAt(16) == ':'
                && value.charAt(19) == '.' && value.charAt(23) == 'Z') {
            try {
                long day = LocalDate.of(digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10))
                        .toEpochDay();
                int hour = digits(value, 11, 13);
                int minute = digits(value, 14, 16);
                int second = digits(value, 17, 19);
                if (hour < 24 && minute < 60 && second < 60) {
                    return ((day * 24 + hour) * 60 + minute) * 60_000 + second * 1000L + digits(value, 20, 23);
                }
            } catch (DateTimeException | NumberFormatException e) {
                // not one of ours after all: the full parser decides
            }
        }
        return parseMillis(value);
    }

    private static int digits(String value, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(value);
            }
            n = n * 10 + (c - '0');
        }
        return n;
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
