package dev.agentchat.standalone.mcp;

import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The MCP endpoint driven by a real MCP client: the official Python SDK ({@code mcp} package),
 * through {@code mcp/mcp_client.py}, against the standalone server on port 0. The script reports
 * each step as a JSON line; this test checks each, and acts where the script waits (a REST message
 * from another agent while a tool call long-polls; a revocation).
 */
@RunningServer
class McpClientTest {
    @Inject
    private static Api api;

    @Test
    void pythonClient_initializesListsSendsLongPollsAndGetsErrors() throws Exception {
        String python = ExternalTool.python();
        Api.Human owner = api.newHuman("McpOwner");
        Api.Room room = api.createRoom(owner.token(), "MCP room");
        Api.Res invite = new AdminCalls(api).inviteOk(room.id(), owner.token(), obj("label", "Claude MCP"));
        String mcpKey = invite.text("key");
        String restKey = api.invite(room.id(), owner.token(), "Rest agent");
        api.claim(room.id(), restKey); // its join comes first: later reads add no event

        Path script = Files.createTempFile("mcp_client", ".py");
        try (InputStream in = McpClientTest.class.getResourceAsStream("/mcp/mcp_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process process = new ProcessBuilder(python, script.toString(), api.apiBase() + "/mcp", mcpKey)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> transcript = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream stdin = process.getOutputStream()) {
            Steps steps = new Steps(out, transcript);

            JsonNode init = steps.next("initialize");
            assertEquals("2025-11-25", init.path("protocol").asText(), init::toString);
            assertEquals("agentchat", init.path("server").asText());

            JsonNode tools = steps.next("tools");
            assertEquals(List.of("heartbeat", "read_messages", "room_info", "send_message"),
                    Api.list(tools.path("names")).stream().map(JsonNode::asText).toList());
            JsonNode wait = tools.path("schemas").path("read_messages").path("properties").path("wait_seconds");
            assertEquals(25, wait.path("maximum").asInt(), wait::toString);
            assertEquals("content", tools.path("schemas").path("send_message").path("required").path(0).asText());

            JsonNode sent = ok(steps.next("send"));
            JsonNode message = sent.path("structured");
            assertEquals("Hello over MCP", message.path("content").asText());
            assertEquals("agent", message.path("sender_kind").asText());
            assertTrue(sent.path("text").asText().contains("Claude MCP [agent]: Hello over MCP"), sent::toString);
            // structuredContent is the REST message object, field for field.
            JsonNode stored = Api.list(api.read(room.id(), restKey, "after_seq=" + (message.path("seq").asLong() - 1)
                    + "&limit=1").path("messages")).get(0);
            assertEquals(stored, Api.withoutRecipients(message));
            assertTrue(message.path("recipients").has("polling"), "the result says who it reaches: " + message);
            JsonNode again = ok(steps.next("send_again"));
            assertEquals(Api.withoutRecipients(message), Api.withoutRecipients(again.path("structured")),
                    "an idempotent repeat returns the first message");
            assertTrue(again.path("text").asText().startsWith("Already sent"), again::toString);

            JsonNode read = ok(steps.next("read"));
            long nextSeq = read.path("structured").path("next_seq").asLong();
            assertEquals(message.path("seq").asLong(), nextSeq, read::toString);
            assertTrue(read.path("text").asText().contains("#" + nextSeq + " Claude MCP (you) [agent]: Hello over MCP"),
                    read::toString);

            steps.next("waiting");
            stdin.write('\n');
            stdin.flush();
            Thread.sleep(1500); // the read is now waiting on the server
            api.send(room.id(), restKey, "Ping from REST");
            JsonNode woke = ok(steps.next("woke"));
            List<JsonNode> news = Api.list(woke.path("structured").path("messages"));
            assertTrue(news.stream().anyMatch(m -> m.path("content").asText().equals("Ping from REST")), woke::toString);
            assertTrue(news.stream().allMatch(m -> m.path("seq").asLong() > nextSeq), woke::toString);
            double seconds = woke.path("seconds").asDouble();
            assertTrue(seconds >= 1 && seconds < 15, "woke after " + seconds + " s, not at the message");
            assertTrue(woke.path("text").asText().contains("Rest agent [agent]: Ping from REST"), woke::toString);

            JsonNode info = ok(steps.next("room_info"));
            assertEquals(room.id(), info.path("structured").path("room").path("id").asText());
            assertTrue(Api.list(info.path("structured").path("agents")).stream().anyMatch(a ->
                    a.path("name").asText().equals("Claude MCP") && a.path("status").asText().equals("polling")),
                    info::toString);
            JsonNode beat = ok(steps.next("heartbeat"));
            assertEquals("polling", beat.path("structured").path("status").asText());

            assertToolError(steps.next("bad_send"), "BAD_REQUEST");
            assertToolError(steps.next("bad_wait"), "BAD_REQUEST");
            JsonNode unknown = steps.next("unknown_tool");
            assertTrue(unknown.path("error").asText().contains("Unknown tool"), unknown::toString);

            steps.next("revoke_me");
            Api.Res revoke = new AdminCalls(api).revoke(room.id(), invite.text("key_id"), owner.token());
            assertEquals(200, revoke.status(), revoke::toString);
            stdin.write('\n');
            stdin.flush();
            JsonNode revoked = assertToolError(steps.next("revoked"), "REVOKED");
            assertTrue(revoked.path("text").asText().contains("new invite key"), revoked::toString);
            steps.next("done");
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the client did not exit");
            assertEquals(0, process.exitValue(), () -> "client exit code; transcript:\n" + String.join("\n", transcript));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(script);
        }
        assertFalse(api.readAll(room.id(), restKey).stream()
                .anyMatch(m -> m.path("content").asText().equals("after revocation")), "a revoked key sent nothing");
    }

    private static JsonNode ok(JsonNode step) {
        assertFalse(step.path("is_error").asBoolean(), step::toString);
        return step;
    }

    private static JsonNode assertToolError(JsonNode step, String code) {
        assertTrue(step.path("is_error").asBoolean(), step::toString);
        assertTrue(step.path("text").asText().startsWith(code + ":"), step::toString);
        assertEquals(code, step.path("structured").path("error").path("code").asText(), step::toString);
        return step;
    }

    /** The script's output, one JSON step per line; anything else (a traceback) fails with the transcript. */
    private record Steps(BufferedReader out, List<String> transcript) {
        JsonNode next(String expected) throws IOException {
            String line = out.readLine();
            if (line == null) {
                fail("the MCP client stopped before '" + expected + "'; transcript:\n" + String.join("\n", transcript));
            }
            transcript.add(line);
            JsonNode step;
            try {
                step = Api.JSON.readTree(line);
            } catch (IOException e) {
                return fail("not a step: " + line + "\ntranscript:\n" + String.join("\n", transcript));
            }
            assertEquals(expected, step.path("step").asText(), () -> String.join("\n", transcript));
            return step;
        }
    }
}
