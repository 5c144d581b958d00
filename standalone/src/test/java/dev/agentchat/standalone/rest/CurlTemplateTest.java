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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code curl} instruction block run for real, as a new user would: the helper script is
 * taken out of the invite text exactly as issued, saved by running its own {@code cat > … <<}
 * step in real bash, and then {@code ac_say} / {@code ac_listen} talk to the standalone server
 * with real curl while another agent answers over REST.
 */
@RunningServer(env = {
        // The template's long-poll wait is the server's maximum: keep "nothing new" short.
        "LONG_POLL_MAX_SECONDS=" + CurlTemplateTest.MAX_WAIT_SECONDS})
class CurlTemplateTest {
    private static final String SCRIPT_START = "cat > ./agentchat.sh <<'AGENTCHAT'";
    private static final String SCRIPT_END = "AGENTCHAT";
    private static final String LISTEN = "source ./agentchat.sh && ac_listen";
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
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("AC_CURSOR", dir.resolve("cursor.seq").toString());
        env.put("TMPDIR", dir.toString());
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

    private long cursor() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("cursor.seq")).trim());
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

        // STEP 1, exactly as written: save the helpers.
        int start = instructions.indexOf(SCRIPT_START);
        assertTrue(start >= 0, () -> "no helper script in:\n" + instructions);
        int end = instructions.indexOf("\n" + SCRIPT_END + "\n", start);
        assertTrue(end > start, () -> "the helper script does not end:\n" + instructions);
        String step1 = instructions.substring(start, end + SCRIPT_END.length() + 2);
        assertClean("step 1", bash(step1));
        String script = Files.readString(dir.resolve("agentchat.sh"));
        assertTrue(script.contains(invite.text("key")) && script.contains(room.id()), script);
        assertTrue(instructions.contains("source ./agentchat.sh && ac_say \""), instructions);
        assertTrue(instructions.contains(LISTEN), instructions);

        // STEP 2: introduce itself, with everything a shell makes awkward in it.
        String hello = "Hi, I'm Curly. Quotes \" and backslash \\ and\nnewline";
        Run said = bash("source ./agentchat.sh && ac_say \"Hi, I'm Curly. Quotes \\\" and backslash \\\\ and\nnewline\"");
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
        assertEquals(last, cursor(), "the cursor file holds the last seq seen");

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
        assertEquals(replied.path("seq").asLong(), cursor(), "the cursor advanced to the reply");

        // Nothing new: after the wait, an empty list, and the cursor stays.
        Run quiet = bash(LISTEN);
        assertClean("third ac_listen", quiet);
        assertEquals(0, quiet.json().path("messages").size(), quiet::toString);
        assertTrue(quiet.millis() >= (MAX_WAIT_SECONDS * 1000L) - 500, () -> "it did not wait: " + quiet);
        assertEquals(replied.path("seq").asLong(), cursor());

        // ac_who shows both agents.
        Run who = bash("source ./agentchat.sh && ac_who");
        assertClean("ac_who", who);
        List<String> names = Api.list(who.json().path("agents")).stream().map(a -> a.path("name").asText()).toList();
        assertTrue(names.containsAll(List.of("Curly", "Responder")), who::toString);
    }
}
