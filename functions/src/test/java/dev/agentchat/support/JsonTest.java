package dev.agentchat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Json reads and writes trees without an ObjectMapper (cold start); these tests hold it to what
 * a default ObjectMapper does, node class for node class and byte for byte.
 */
class JsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final List<String> SAMPLES = List.of(
            "{}",
            "[]",
            "{\"text\":\"hello\",\"n\":42,\"ok\":true,\"no\":false,\"nothing\":null}",
            "{\"nested\":{\"a\":[1,[2,[3,{}]],{\"b\":[]}]},\"after\":\"x\"}",
            "  {\"spaced\" :  [ 1 , 2 ]  }  ",
            "{\"escapes\":\"quote\\\" backslash\\\\ slash\\/ tab\\t nl\\n cr\\r bs\\b ff\\f ctl\\u0001\"}",
            "{\"unicode\":\"é ü 中文 \\u00e9 \\ud83d\\ude00 😀\",\"ключ\":\"значение\"}",
            "{\"int\":2147483647,\"negInt\":-2147483648,\"long\":2147483648,\"bigLong\":-9223372036854775808}",
            "{\"bigInt\":123456789012345678901234567890,\"negBig\":-9223372036854775809}",
            "{\"float\":1.5,\"exp\":1e3,\"negExp\":-2.5E-7,\"zero\":0.0,\"negZero\":-0.0,\"long\":0.1234567890123456789}",
            "\"just a string\"",
            "12",
            "null",
            "true",
            "{}  \n\t ",
            "{\"type\":\"send\",\"roomId\":\"r-1\",\"text\":\"" + "x".repeat(5000) + "\"}");

    @Test
    void parse_givesTheMappersTree() throws Exception {
        for (String sample : SAMPLES) {
            JsonNode ours = Json.parse(sample);
            JsonNode theirs = MAPPER.readTree(sample);
            assertEquals(theirs, ours, sample);
            assertSameNodeClasses(theirs, ours, sample);
        }
    }

    @Test
    void parse_whenNoValueAtAll_givesAMissingNode() throws Exception {
        assertTrue(Json.parse("").isMissingNode());
        assertTrue(Json.parse("   \n").isMissingNode());
        assertEquals(MAPPER.readTree("  "), Json.parse("  "));
    }

    @Test
    void parse_whenNotJson_throwsJsonProcessingException() {
        for (String bad : List.of("{", "{\"a\":}", "[1,]", "{'single':1}", "{\"a\" 1}", "nope", "[1 2]",
                "{\"a\":\"unterminated}", "[" .repeat(2000) + "]".repeat(2000))) {
            assertThrows(JsonProcessingException.class, () -> MAPPER.readTree(bad), "mapper: " + bad);
            assertThrows(JsonProcessingException.class, () -> Json.parse(bad), bad.length() > 60 ? "deep" : bad);
        }
    }

    @Test
    void parse_refusesWhatItWouldOtherwiseAlter_namingTheProblem() {
        Map<String, String> refused = Map.of(
                "{} trailing", "not JSON",
                "{\"a\":1} {\"a\":2}", "content after the JSON value",
                "[1] 2", "content after the JSON value",
                "{\"dup\":1,\"dup\":\"second\"}", "the name \"dup\" appears twice in one object",
                "{\"a\":{\"n\":null,\"n\":null}}", "the name \"n\" appears twice in one object",
                "{\"s\":\"\\ud800\"}", "a lone surrogate \\uD800 in a string",
                "{\"s\":\"x\\udc00y\"}", "a lone surrogate \\uDC00 in a string",
                "{\"\\ud83d\":1}", "not JSON"); // jackson-core refuses a lone surrogate in a name itself
        refused.forEach((text, problem) -> {
            JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> Json.parse(text), text);
            assertTrue(Json.problem(e).startsWith(problem), text + " -> " + Json.problem(e));
        });
    }

    @Test
    void write_givesTheMappersText() throws Exception {
        for (String sample : SAMPLES) {
            JsonNode tree = MAPPER.readTree(sample);
            assertEquals(MAPPER.writeValueAsString(tree), Json.write(tree), sample);
        }
    }

    @Test
    void write_treesBuiltInCode_likeTheMapper() throws Exception {
        ObjectNode built = Json.object();
        built.put("s", "line\nbreak \u2028 \"q\"").put("i", 7).put("l", 1L << 40).put("d", 0.1 + 0.2)
                .put("f", 1.25f).put("big", new java.math.BigDecimal("1.50")).put("b", true).putNull("n");
        built.set("arr", Json.array().add(1).add("two").add(Json.object()));
        built.set("missing", built.path("no such field"));
        assertEquals(MAPPER.writeValueAsString(built), Json.write(built));
    }

    /**
     * The reason this class exists: in a fresh JVM, reading and writing JSON must not load
     * ObjectMapper (constructing one initialises most of jackson-databind, ~400 classes of a
     * Lambda cold start).
     */
    @Test
    void freshJvm_readingAndWritingJson_neverLoadsObjectMapper() throws Exception {
        String log = runInFreshJvm(Roundtrip.class);
        assertTrue(log.contains("dev.agentchat.support.Json "), "the child used Json: " + tail(log));
        assertTrue(log.contains("ROUNDTRIP {\"echo\":{\"text\":\"hi\",\"n\":[1,2.5]},\"ok\":true}"), tail(log));
        assertFalse(log.contains("com.fasterxml.jackson.databind.ObjectMapper "), "ObjectMapper was loaded");
        assertFalse(log.contains("com.fasterxml.jackson.databind.ser.BeanSerializerFactory "),
                "databind's serializer factory was loaded");
    }

    /** The child's program: one parse, one write, as a handler's first request does. */
    static final class Roundtrip {
        public static void main(String[] args) throws Exception {
            ObjectNode out = Json.object();
            out.set("echo", Json.parse("{\"text\":\"hi\",\"n\":[1,2.5]}"));
            out.put("ok", true);
            System.out.println("ROUNDTRIP " + Json.write(out));
        }
    }

    private static String runInFreshJvm(Class<?> main) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xshare:off", "-Xlog:class+load=info:stdout",
                "-cp", System.getProperty("java.class.path"), main.getName())
                .redirectErrorStream(true).start();
        byte[] out = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), tail(text));
        return text;
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 2000));
    }

    private static void assertSameNodeClasses(JsonNode expected, JsonNode actual, String sample) {
        assertEquals(expected.getClass(), actual.getClass(), sample);
        if (expected.isContainerNode()) {
            assertEquals(expected.size(), actual.size(), sample);
            if (expected.isObject()) {
                for (var field : expected.properties()) {
                    assertSameNodeClasses(field.getValue(), actual.get(field.getKey()), sample);
                }
            } else {
                for (int i = 0; i < expected.size(); i++) {
                    assertSameNodeClasses(expected.get(i), actual.get(i), sample);
                }
            }
        }
    }
}
