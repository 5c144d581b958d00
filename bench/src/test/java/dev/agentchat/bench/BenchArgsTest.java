package dev.agentchat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgsTest {
    private static final List<BenchArgs.Option> OPTIONS = List.of(
            BenchArgs.option("rooms", "10", "rooms"),
            BenchArgs.option("rate", "100", "messages per second"),
            BenchArgs.option("only", null, "handlers, comma-separated"),
            BenchArgs.option("jvm-opts", "-Xint", "child flags"),
            BenchArgs.flag("sample", "sample stacks"));

    private static BenchArgs parse(String... args) {
        return BenchArgs.parse(args, OPTIONS);
    }

    @Test
    void parse_withNothing_givesTheDefaults() {
        BenchArgs args = parse();
        assertEquals(10, args.integer("rooms"));
        assertEquals(100.0, args.decimal("rate"));
        assertFalse(args.flag("sample"));
        assertFalse(args.isSet("rooms"));
        assertEquals(List.of(), args.list("only"));
    }

    @Test
    void parse_withSpaceOrEqualsValues_andAFlag_readsThem() {
        BenchArgs args = parse("--rooms", "3", "--rate=2.5", "--sample", "--only", "A,B", "--jvm-opts", "-Xint -Xss1m");
        assertEquals(3, args.integer("rooms"));
        assertEquals(2.5, args.decimal("rate"));
        assertTrue(args.flag("sample"));
        assertTrue(args.isSet("rooms"));
        assertEquals(List.of("A", "B"), args.list("only"));
        assertEquals("-Xint -Xss1m", args.text("jvm-opts"), "a value may start with a dash");
    }

    @Test
    void parse_whenWrong_saysWhatIsWrong() {
        assertEquals("unknown option --romos",
                assertThrows(IllegalArgumentException.class, () -> parse("--romos", "3")).getMessage());
        assertEquals("--rooms needs a value",
                assertThrows(IllegalArgumentException.class, () -> parse("--rooms")).getMessage());
        assertEquals("unexpected argument '3' (options start with --)",
                assertThrows(IllegalArgumentException.class, () -> parse("3")).getMessage());
        assertEquals("--sample is true or false, got 'yes'",
                assertThrows(IllegalArgumentException.class, () -> parse("--sample=yes")).getMessage());
        assertEquals("--rooms wants a whole number, got 'ten'",
                assertThrows(IllegalArgumentException.class, () -> parse("--rooms", "ten").integer("rooms")).getMessage());
        assertThrows(BenchArgs.HelpRequested.class, () -> parse("--rooms", "3", "--help"));
    }

    @Test
    void usage_listsEveryOptionWithItsDefault() {
        String usage = BenchArgs.usage("LoadBench", OPTIONS);
        assertTrue(usage.startsWith("usage: LoadBench [options]\n"), usage);
        assertTrue(usage.contains("--rooms 10"), usage);
        assertTrue(usage.contains("--only …"), usage);
        assertTrue(usage.contains("--sample "), usage);
        assertEquals(OPTIONS.size() + 1, usage.lines().count(), usage);
    }
}
