package dev.agentchat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table says what the code reads: every variable the settings read
 * is documented, every documented variable is read somewhere, and each documented numeric
 * default is the one the code uses (setting a limit to its documented default changes nothing,
 * setting it to anything else does).
 */
class ConfigurationTableTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

    /** Documented variable -> its documented default (null where the default is not a number). */
    private static final Map<String, String> DOCUMENTED = documentedVariables();

    @Test
    void everyVariableTheSettingsRead_isInTheTable() {
        Set<String> read = variablesReadBySettings();
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(DOCUMENTED.keySet());
        missing.removeIf(name -> name.endsWith("_TABLE") && DOCUMENTED.containsKey("<NAME>_TABLE"));
        assertTrue(missing.isEmpty(), "read by AppConfig/Limits but not in README's configuration table: " + missing);
    }

    @Test
    void everyDocumentedVariable_isReadSomewhere() {
        Set<String> read = variablesReadBySettings();
        String mainSources = mainSources();
        List<String> unread = DOCUMENTED.keySet().stream()
                .filter(name -> !name.startsWith("<"))
                .filter(name -> !read.contains(name) && !mainSources.contains('"' + name + '"'))
                .collect(Collectors.toList());
        assertTrue(unread.isEmpty(), "in README's configuration table but read nowhere: " + unread);
    }

    @Test
    void everyDocumentedLimitDefault_isTheCodesDefault() {
        Limits defaults = Limits.defaults();
        int checked = 0;
        for (Map.Entry<String, String> row : DOCUMENTED.entrySet()) {
            String name = row.getKey();
            String value = row.getValue();
            if (value == null || !readsLimit(name)) {
                continue;
            }
            long documented = Long.parseLong(value);
            assertEquals(defaults, Limits.fromEnv(Map.of(name, value)),
                    name + ": README says the default is " + value + " but setting it to that changes the limits");
            assertNotEquals(defaults, Limits.fromEnv(Map.of(name, Long.toString(documented + 1))),
                    name + ": setting it changes nothing, so it is not what the code reads");
            checked++;
        }
        assertTrue(checked >= 10, "only " + checked + " numeric limit defaults found in README's table");
    }

    @Test
    void theTable_isFound() {
        assertFalse(DOCUMENTED.isEmpty(), "README.md has no '## Configuration' table");
    }

    private static boolean readsLimit(String name) {
        RecordingEnv env = new RecordingEnv();
        Limits.fromEnv(env);
        return env.asked.contains(name);
    }

    private static Set<String> variablesReadBySettings() {
        RecordingEnv env = new RecordingEnv();
        AppConfig.fromEnv(env);
        Limits.fromEnv(env);
        WebhookSettings.fromEnv(env);
        return env.asked;
    }

    /** Rows of the README's "## Configuration" table: `A` / `B` | 1 / 2 | meaning. */
    private static Map<String, String> documentedVariables() {
        List<String> lines = readLines(ROOT.resolve("README.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
                continue;
            }
            if (!inSection || !line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 3) {
                continue;
            }
            List<String> names = new ArrayList<>();
            Matcher m = NAME.matcher(cells[1]);
            while (m.find()) {
                names.add(m.group(1));
            }
            if (cells[1].contains("<NAME>_TABLE")) {
                names.add("<NAME>_TABLE");
            }
            String[] defaults = cells[2].trim().split("\\s*/\\s*");
            for (int i = 0; i < names.size(); i++) {
                String value = names.size() == defaults.length ? defaults[i].trim() : null;
                documented.put(names.get(i), value != null && value.matches("\\d+") ? value : null);
            }
        }
        return documented;
    }

    private static String mainSources() {
        StringBuilder all = new StringBuilder();
        for (String module : List.of("functions", "standalone", "infra-cdk")) {
            Path dir = ROOT.resolve(module).resolve("src/main");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> all.append(String.join("\n", readLines(p))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty environment that remembers every variable asked for. */
    private static final class RecordingEnv extends AbstractMap<String, String> {
        final Set<String> asked = new LinkedHashSet<>();

        @Override
        public String get(Object key) {
            asked.add((String) key);
            return null;
        }

        @Override
        public String getOrDefault(Object key, String fallback) {
            asked.add((String) key);
            return fallback;
        }

        @Override
        public boolean containsKey(Object key) {
            asked.add((String) key);
            return false;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return Set.of();
        }
    }
}
