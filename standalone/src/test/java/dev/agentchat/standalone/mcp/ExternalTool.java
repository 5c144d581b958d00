package dev.agentchat.standalone.mcp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool these tests need from outside the JVM (Python with the {@code mcp} package, npx).
 * An absent tool fails the test loudly, naming what installs it: .ci/run does, and a skipped
 * conformance check would look like a passed one.
 */
final class ExternalTool {
    private ExternalTool() {
    }

    /** The Python that has the {@code mcp} package: {@code $MCP_PYTHON}, else {@code python3}. */
    static String python() {
        String python = System.getenv().getOrDefault("MCP_PYTHON", "python3");
        Result probe = run(List.of(python, "-c", "import mcp"), 60);
        if (probe.exit() != 0) {
            fail("The Python MCP client is missing (" + python + ": " + probe.output().strip() + "). Install it with"
                    + " 'python3 -m pip install mcp' (.ci/run does), or point MCP_PYTHON at a Python that has it.");
        }
        return python;
    }

    record Result(int exit, String output) {
    }

    /** Runs a command to its end (output and errors together); fails the test if it cannot start or hangs. */
    static Result run(List<String> command, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("tool", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command + " did not finish within " + timeoutSeconds + " s:\n" + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return fail(command.get(0) + " could not be started (" + e.getMessage() + "); .ci/run installs it.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
