package dev.agentchat.standalone.fuzz;

import dev.agentchat.standalone.support.Api;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile input for the fuzz properties, drawn from a {@link Random} the caller seeds: request
 * bodies (empty, random bytes, invalid UTF-8, unicode, long strings, JSON of the wrong types,
 * huge numbers, deep nesting, duplicate keys), query values, path segments and WebSocket frames.
 * The same seed gives the same inputs, so a failure reproduces from the commit alone.
 */
final class FuzzInputs {
    /** Every field name any route or frame reads: fuzzed objects hit real validation, not only unknown fields. */
    static final List<String> FIELDS = List.of("email", "password", "name", "description", "type", "max_members",
            "label", "role", "template", "content", "room_key", "rotate_room_key", "room", "key", "token",
            "after_seq", "client_id");

    /** The frame types the WebSocket API knows (a frame with another type goes to $default). */
    static final List<String> FRAME_TYPES = List.of("join", "message", "watch", "ping", "pong");

    private static final List<String> ODD_TEXT = List.of("", " ", "\t\n", "null", "true", "0", "-1", "ak_", "st_",
            "room_", "💬🚀", "\u202e", "I'm X", "<script>alert(1)</script>", "' OR 1=1 --", "%s%n", "\\u0000",
            "\u0000", "\uFEFF", "e\u0301", "\uD83D\uDCAC");

    private static final List<String> ODD_JSON = List.of("true", "false", "null", "0", "-0", "-1", "1.5", "1e400",
            "-1e400", "2147483648", "9223372036854775808", "1E2", "0.0000001", "NaN", "Infinity", "01", "[]", "{}");

    private static final List<String> ODD_QUERY = List.of("", "0", "-1", "1", "200", "201", "26",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e3", "0x10", "%201", "1.0",
            "%00", "%FF", "%C0%AF", "%25", "+", "2025-06-15T10:30:00.123Z", "2025-13-45T99:99:99.999Z",
            "1970-01-01T00:00:00Z", "2025-06-15T10:30:00.123%2B02:00", "now", "%E2%80%AE");

    private static final List<String> ODD_SEGMENTS = List.of("%00", "%2F", "%2f", "%25", "%FF", "%C0%AF",
            "%ED%A0%80", "..", ".", "%2E%2E", "%20", "+", "%0A", "%0D%0A", "%E2%80%AE", "room_", "agt_", "key_",
            "room_%00", "key_..%2F..", "ROOM_X", "%F0%9F%92%AC");

    /** Bytes that are not UTF-8: overlong '/', 0xFF, a lone surrogate, a truncated sequence, a stray continuation. */
    private static final List<byte[]> NOT_UTF8 = List.of(new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0x80});

    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private FuzzInputs() {
    }

    static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** Text of every kind: any code point, control characters, long runs, look-alikes of real values. */
    static String text(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> anyCodePoints(random, random.nextInt(41));
            case 1 -> controls(random);
            case 2 -> pick(random, ODD_TEXT);
            case 3 -> "x".repeat(between(random, 1_000, 70_000));
            default -> alnum(random, between(random, 1, 20));
        };
    }

    /** Any code points (surrogate halves included, as a UTF-16 string may hold them). */
    private static String anyCodePoints(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            int cp = switch (kind) {
                case 0 -> random.nextInt(0x80);
                case 1 -> random.nextInt(0x800);
                case 2 -> random.nextInt(0x10000);
                default -> 0x10000 + random.nextInt(0x100000);
            };
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    private static String controls(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(9); i > 0; i--) {
            out.append((char) random.nextInt(0x20));
        }
        return out.toString();
    }

    static String alnum(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return out.toString();
    }

    /** A JSON value as raw text: wrong types, huge and odd numbers, unicode, long strings, nesting. */
    static String jsonValue(Random random, int depth) {
        int kinds = depth > 0 ? 7 : 5;
        return switch (random.nextInt(kinds)) {
            case 0 -> Api.write(text(random));
            case 1 -> pick(random, ODD_JSON);
            case 2 -> new BigInteger(100, random).subtract(BigInteger.ONE.shiftLeft(99)).toString();
            case 3 -> "9".repeat(between(random, 900, 3_000));
            case 4 -> nested(between(random, 1, 5_000));
            case 5 -> {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    items.add(jsonValue(random, depth - 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
            default -> jsonObject(random, 2, depth - 1);
        };
    }

    /** A JSON object text whose fields are mostly the API's own names, repeats allowed (duplicate keys). */
    static String jsonObject(Random random, int maxFields, int depth) {
        List<String> fields = new ArrayList<>();
        for (int i = random.nextInt(maxFields + 1); i > 0; i--) {
            String name = random.nextInt(5) < 4 ? pick(random, FIELDS) : text(random);
            fields.add(Api.write(name) + ":" + jsonValue(random, depth));
        }
        if (!fields.isEmpty() && random.nextInt(4) == 0) {
            fields.add(fields.get(0).split(":", 2)[0] + ":" + jsonValue(random, 0));
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** A request body as bytes: empty, not JSON, invalid UTF-8, any JSON value, objects of wrong field types. */
    static byte[] body(Random random) {
        int roll = random.nextInt(14);
        if (roll < 1) {
            return utf8(pick(random, List.of("", " ", "{", "{\"content\":", "{\"content\":\"a\"} trailing")));
        } else if (roll < 3) {
            byte[] bytes = new byte[random.nextInt(65)];
            random.nextBytes(bytes);
            return bytes;
        } else if (roll < 4) {
            return invalidUtf8Object(random);
        } else if (roll < 6) {
            return utf8(text(random));
        } else if (roll < 8) {
            return utf8(jsonValue(random, 2));
        }
        return utf8(jsonObject(random, 5, 2));
    }

    /**
     * A JSON object a lenient reader would take and silently alter: a value after it, a name
     * repeated, a lone surrogate escaped in a string, or (as bytes only) a string that is not UTF-8.
     */
    static byte[] malformedObject(Random random) {
        return random.nextInt(4) == 0 ? invalidUtf8Object(random) : utf8(malformedObjectText(random));
    }

    /** {@link #malformedObject} as text a WebSocket text frame can carry (so never invalid UTF-8). */
    static String malformedObjectText(Random random) {
        String field = Api.write(pick(random, FIELDS));
        String object = jsonObject(random, 3, 1);
        String rest = object.equals("{}") ? "}" : "," + object.substring(1);
        return switch (random.nextInt(3)) {
            case 0 -> object + pick(random, List.of(" ", "", "\n")) + pick(random, List.of(jsonValue(random, 1),
                    "garbage", "}", "]", ",", "{}"));
            case 1 -> "{" + field + ":" + jsonValue(random, 0) + "," + field + ":" + jsonValue(random, 0) + rest;
            default -> "{" + field + ":\"" + alnum(random, random.nextInt(4)) + String.format("\\u%04x",
                    between(random, 0xD800, 0xDFFF)) + alnum(random, random.nextInt(4)) + "\"" + rest;
        };
    }

    /** An object whose string field holds bytes that are not UTF-8. */
    static byte[] invalidUtf8Object(Random random) {
        byte[] head = utf8("{\"" + pick(random, FIELDS) + "\":\"a");
        byte[] bad = pick(random, NOT_UTF8);
        byte[] tail = utf8("b\"}");
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return all;
    }

    /** A query value as it goes on the wire (already percent-encoded), or raw escapes and odd numbers. */
    static String queryValue(Random random) {
        return random.nextBoolean() ? Api.enc(text(random)) : pick(random, ODD_QUERY);
    }

    /** A path segment as it goes on the wire: encoded text, raw escapes, dot segments, id look-alikes, very long. */
    static String pathSegment(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> {
                String text = text(random);
                yield text.isEmpty() || text.length() >= 3_000 ? "%00" : encodeSegment(text);
            }
            case 1 -> pick(random, ODD_SEGMENTS);
            case 2 -> pick(random, List.of("room_", "agt_", "key_", "usr_", "")) + alnum(random, between(random, 1, 40));
            default -> "a".repeat(between(random, 500, 6_000));
        };
    }

    /** Percent-encodes every UTF-8 byte outside RFC 3986's unreserved set (so '/' stays inside the segment). */
    static String encodeSegment(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : utf8(text)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** Whether a string can go in a WebSocket text frame (no lone surrogates). */
    static boolean wellFormed(String text) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }

    /**
     * A short printable summary of an input for test names and messages: control and other
     * invisible characters escaped, long runs cut with their length noted.
     */
    static String summary(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return text.length() > max || out.length() > max ? out.substring(0, Math.min(out.length(), max))
                + "…(" + text.length() + " chars)" : out.toString();
    }

    /** The summary of a body: its text if it is UTF-8, else its bytes in hex. */
    static String summary(byte[] bytes, int max) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return summary(text, max);
        } catch (CharacterCodingException notUtf8) {
            // Shown as bytes below: the point of such a body is exactly which bytes it holds.
        }
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < bytes.length && hex.length() < max; i++) {
            hex.append(String.format("%02x", bytes[i]));
        }
        return bytes.length * 2 + 2 > max ? hex + "…(" + bytes.length + " bytes)" : hex.toString();
    }
}
