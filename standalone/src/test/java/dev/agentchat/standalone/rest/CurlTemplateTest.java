package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code curl} instruction block run for real, as a new user would: the helper script is
 * taken out of the invite text exactly as issued, saved by running its own {@code cat > … <<}
 * step in real bash, and then {@code ac_say} / {@code ac_listen} talk to the standalone server
 * with real curl while another agent answers over REST. The send step is run as the block
 * writes it (a quoted heredoc), with a message full of what a shell would otherwise run, through
 * both JSON encoders the helper may use (python3, else jq); two keys in one temp directory keep
 * cursors of their own.
 */
@RunningServer(env = {
        // The template's long-poll wait is the server's maximum: keep "nothing new" short.
        "LONG_POLL_MAX_SECONDS=" + CurlTemplateTest.MAX_WAIT_SECONDS})
class CurlTemplateTest {
    private static final String SCRIPT_START = "cat > ./agentchat.sh <<'AGENTCHAT'";
    private static final String SCRIPT_END = "AGENTCHAT";
    private static final String LISTEN = "source ./agentchat.sh && ac_listen";
    private static final String SAY_START = "source ./agentchat.sh && ac_say <<'EOF'\n";
    private static final String SAY_END = "\nEOF\n";
    /** Everything a shell would expand, run or unquote if it ever saw the text unquoted. */
    private static final String HOSTILE = "Hi, I'm Curly. $HOME ${PATH} `id -u` $(whoami) \"double\" 'single'"
            + " back\\slash \\n not-a-newline\n\ta tab, ünïcødé ✓, %s %d, !! and a last line;";
    static final int MAX_WAIT_SECONDS = 2;

    @Inject
    private static Api api;

    @TempDir
    Path dir;

    record Run(int exit, String stdout, String stderr, long millis) {
        /** The first line of output as JSON (what ac_say / ac_listen print). */
        JsonNode json() {
            String line = stdout.lines().findFirst().orElseThrow(() -> new AssertionError("no output: " + this));
            try {
                return Api.JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }
    }

    /** Runs the command with real bash in the work directory, the way a coding agent's shell tool would. */
    private Run bash(String command) throws Exception {
        return bash(dir, null, command);
    }

    /**
     * Runs the command with real bash in {@code workDir}, temp files (the cursors) in this test's
     * directory; {@code path} replaces PATH when given.
     */
    private Run bash(Path workDir, String path, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.remove("AC_CURSOR");
        env.put("TMPDIR", dir.toString());
        if (path != null) {
            env.put("PATH", path);
        }
        // The server is on loopback: a proxy configured on the machine must not get in the way.
        for (String proxy : List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")) {
            env.remove(proxy);
        }
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bash -c '" + command + "' did not finish in 30 s");
        }
        return new Run(process.exitValue(), out.get(), err.get(), (System.nanoTime() - start) / 1_000_000);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertClean(String what, Run run) {
        assertEquals(0, run.exit(), () -> what + " failed: " + run);
        assertEquals("", run.stderr(), () -> what + " complained: " + run);
    }

    /** The cursor file of a key, where the block says it is: one per key, named by the key's id. */
    private long cursor(String keyId) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("agentchat-" + keyId + ".seq")).trim());
    }

    /** Runs the block's STEP 1 in {@code workDir}: the helper script saved as written. */
    private void saveHelpers(Path workDir, String instructions) throws Exception {
        int start = instructions.indexOf(SCRIPT_START);
        assertTrue(start >= 0, () -> "no helper script in:\n" + instructions);
        int end = instructions.indexOf("\n" + SCRIPT_END + "\n", start);
        assertTrue(end > start, () -> "the helper script does not end:\n" + instructions);
        assertClean("step 1", bash(workDir, null, instructions.substring(start, end + SCRIPT_END.length() + 2)));
    }

    /** The block's STEP 2 exactly as written, its placeholder line replaced by {@code message}. */
    private static String sayStep(String instructions, String message) {
        int start = instructions.indexOf(SAY_START);
        assertTrue(start >= 0, () -> "no heredoc send step in:\n" + instructions);
        int end = instructions.indexOf(SAY_END, start + SAY_START.length());
        assertTrue(end > start, () -> "the send step's heredoc does not end:\n" + instructions);
        String placeholder = instructions.substring(start + SAY_START.length(), end);
        assertTrue(placeholder.startsWith("Hi, I'm <your name>"), placeholder);
        return SAY_START + message + SAY_END;
    }

    /** PATH as it is, but through a directory of links that leaves out every python. */
    private String pathWithoutPython() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("no-python-bin"));
        for (String entry : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            Path folder = Path.of(entry);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var files = Files.list(folder)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path link = bin.resolve(file.getFileName().toString());
                    if (!file.getFileName().toString().startsWith("python") && Files.isExecutable(file)
                            && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, file.toAbsolutePath());
                    }
                }
            }
        }
        return bin.toString();
    }

    @Test
    void theCurlLoop_joinsAndTalks_asTheInstructionsSay() throws Exception {
        Api.Human owner = api.newHuman("CurlOwner");
        Api.Room room = api.createRoom(owner.token(), "Curl room");
        // No label: the agent names itself in its first message, as the block tells it to.
        Api.Res invite = api.inviteRes(room.id(), owner.token(), obj("template", "curl"));
        assertEquals(201, invite.status(), invite::toString);
        String instructions = invite.text("instructions");
        String responder = api.invite(room.id(), owner.token(), "Responder");
        api.claim(room.id(), responder);

        String keyId = invite.text("key_id");

        // STEP 1, exactly as written: save the helpers.
        saveHelpers(dir, instructions);
        String script = Files.readString(dir.resolve("agentchat.sh"));
        assertTrue(script.contains(invite.text("key")) && script.contains(room.id()), script);
        assertTrue(instructions.contains(LISTEN), instructions);

        // STEP 2 as written (a quoted heredoc), with everything a shell would run or unquote in it.
        String hello = HOSTILE;
        Run said = bash(sayStep(instructions, hello));
        assertClean("ac_say", said);
        JsonNode echo = said.json();
        assertEquals(hello, echo.path("content").asText(), said::toString);
        assertEquals("Curly", echo.path("from_name").asText(), said::toString);
        // The other agent sees exactly that.
        JsonNode arrived = api.readAll(room.id(), responder).stream()
                .filter(e -> "message".equals(e.path("type").asText())).reduce((a, b) -> b).orElseThrow();
        assertEquals(hello, arrived.path("content").asText(), arrived::toString);
        assertEquals("Curly", arrived.path("from_name").asText(), arrived::toString);
        assertEquals("agent", arrived.path("sender_kind").asText(), arrived::toString);

        // STEP 3: listen. The first listen catches up from the start and remembers the position.
        Run caughtUp = bash(LISTEN);
        assertClean("first ac_listen", caughtUp);
        List<JsonNode> history = Api.list(caughtUp.json().path("messages"));
        assertTrue(history.stream().anyMatch(m -> hello.equals(m.path("content").asText())), caughtUp::toString);
        long last = history.get(history.size() - 1).path("seq").asLong();
        assertEquals(last, cursor(keyId), "the key's cursor file holds the last seq seen");

        // A listen that is waiting when the other agent replies gets the reply, and only it.
        CompletableFuture<Run> listening = CompletableFuture.supplyAsync(() -> {
            try {
                return bash(LISTEN);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        String reply = "Hello Curly! Responder here, with \"quotes\" and a \\ too.";
        JsonNode replied = api.send(room.id(), responder, reply);
        Run heard = listening.get(30, TimeUnit.SECONDS);
        assertClean("second ac_listen", heard);
        List<JsonNode> news = Api.list(heard.json().path("messages"));
        assertEquals(1, news.size(), heard::toString);
        assertEquals(reply, news.get(0).path("content").asText(), heard::toString);
        assertEquals("Responder", news.get(0).path("from_name").asText(), heard::toString);
        assertEquals(replied.path("seq").asLong(), cursor(keyId), "the cursor advanced to the reply");

        // Nothing new: after the wait, an empty list, and the cursor stays.
        Run quiet = bash(LISTEN);
        assertClean("third ac_listen", quiet);
        assertEquals(0, quiet.json().path("messages").size(), quiet::toString);
        assertTrue(quiet.millis() >= (MAX_WAIT_SECONDS * 1000L) - 500, () -> "it did not wait: " + quiet);
        assertEquals(replied.path("seq").asLong(), cursor(keyId));

        // ac_who shows both agents.
        Run who = bash("source ./agentchat.sh && ac_who");
        assertClean("ac_who", who);
        List<String> names = Api.list(who.json().path("agents")).stream().map(a -> a.path("name").asText()).toList();
        assertTrue(names.containsAll(List.of("Curly", "Responder")), who::toString);
    }

    @Test
    void acSay_withoutPython_encodesWithJq_byteExact() throws Exception {
        Assumptions.assumeTrue(bash("command -v jq").exit() == 0, "jq is not installed");
        Api.Human owner = api.newHuman("JqOwner");
        Api.Room room = api.createRoom(owner.token(), "Jq room");
        String instructions = api.inviteRes(room.id(), owner.token(), obj("label", "Jqy", "template", "curl"))
                .text("instructions");
        saveHelpers(dir, instructions);
        String path = pathWithoutPython();
        Run which = bash(dir, path, "command -v python3 || echo none; command -v jq");
        assertTrue(which.stdout().startsWith("none\n") && which.stdout().contains("jq"), which::toString);

        String message = HOSTILE.replace("Curly", "Jqy") + "\n\nand a blank line above";
        Run said = bash(dir, path, sayStep(instructions, message));
        assertClean("ac_say with jq", said);
        assertEquals(message, said.json().path("content").asText(), said::toString);
        JsonNode stored = api.readAll(room.id(), room.adminKey()).stream()
                .filter(e -> "message".equals(e.path("type").asText())).reduce((a, b) -> b).orElseThrow();
        assertEquals(message, stored.path("content").asText(), stored::toString);
    }

    @Test
    void twoKeysOnOneMachine_keepCursorsOfTheirOwn() throws Exception {
        Api.Human owner = api.newHuman("TwoKeys");
        Api.Room room = api.createRoom(owner.token(), "Two keys room");
        Api.Res first = api.inviteRes(room.id(), owner.token(), obj("label", "First", "template", "curl"));
        Api.Res second = api.inviteRes(room.id(), owner.token(), obj("label", "Second", "template", "curl"));
        Path firstDir = Files.createDirectories(dir.resolve("first"));
        Path secondDir = Files.createDirectories(dir.resolve("second"));
        saveHelpers(firstDir, first.text("instructions"));
        saveHelpers(secondDir, second.text("instructions"));

        // First says something and catches up to it: its cursor moves past that message.
        assertClean("first says", bash(firstDir, null, sayStep(first.text("instructions"), "First here.")));
        Run firstListen = bash(firstDir, null, LISTEN);
        assertClean("first listens", firstListen);
        long firstAt = cursor(first.text("key_id"));
        assertTrue(firstAt > 0, firstListen::toString);

        // Second, in the same temp directory, still starts from the beginning and sees it.
        Run secondListen = bash(secondDir, null, LISTEN);
        assertClean("second listens", secondListen);
        assertTrue(Api.list(secondListen.json().path("messages")).stream()
                .anyMatch(m -> "First here.".equals(m.path("content").asText())), secondListen::toString);
        assertEquals(firstAt, cursor(first.text("key_id")), "second's read left first's cursor alone");
        assertTrue(cursor(second.text("key_id")) >= firstAt);
        assertTrue(!first.text("key_id").equals(second.text("key_id")));
    }
}
