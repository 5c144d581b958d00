package dev.agentchat.standalone.durability;

import static org.junit.jupiter.api.Assertions.fail;

import dev.agentchat.standalone.StandaloneMain;
import dev.agentchat.standalone.support.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link StandaloneMain} run as a separate OS process on the test JVM's java and class path, so
 * a test can kill it the way a crash or the OOM killer would: SIGKILL, no shutdown hook, no
 * chance to flush or close anything.
 */
final class ServerProcess implements AutoCloseable {
    /** What a process killed by SIGKILL (signal 9) exits with, as the JDK reports it on Unix: 128 + 9. */
    static final int SIGKILL_EXIT = 137;

    private static final Pattern RUNNING = Pattern.compile("AgentChat is running at (http://\\S+)");
    private static final long START_TIMEOUT_MILLIS = 60_000;
    /** Inherited so the JVM and DynamoDB Local's native library extraction behave as in the test JVM. */
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "TMPDIR", "LANG", "JAVA_HOME");

    private final Process process;
    private final Path log;
    private final String rootUrl;

    private ServerProcess(Process process, Path log, String rootUrl) {
        this.process = process;
        this.log = log;
        this.rootUrl = rootUrl;
    }

    /**
     * Starts the server on a free port with its DynamoDB Local file in {@code dataDir}, and returns
     * once {@code /api/health} answers 200. Only {@code env} (plus a few variables the JVM itself
     * needs) reaches the handlers, so settings of the machine running the build cannot leak in.
     */
    static ServerProcess start(Path dataDir, Path log, Map<String, String> env) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test"));
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-cp", testClassPath(),
                StandaloneMain.class.getName(), "--port", "0", "--data", dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> childEnv = builder.environment();
        Map<String, String> own = System.getenv();
        childEnv.clear();
        INHERITED_ENV.stream().filter(own::containsKey).forEach(name -> childEnv.put(name, own.get(name)));
        childEnv.putAll(env);
        Process process = builder.start();
        try {
            String rootUrl = awaitRunning(process, log);
            awaitHealthy(process, log, rootUrl);
            return new ServerProcess(process, log, rootUrl);
        } catch (Throwable e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * The test's runtime class path. Surefire (by default) launches its fork through a
     * manifest-only jar and then sets {@code java.class.path} to the real, expanded class path;
     * if that ever stops being true the child would not find its main class, so say so plainly.
     */
    private static String testClassPath() {
        String classPath = System.getProperty("java.class.path", "");
        String classes = Path.of(StandaloneMain.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        if (!classPath.contains(classes)) {
            throw new IllegalStateException("java.class.path does not list " + classes
                    + " (a manifest-only jar?): " + classPath);
        }
        return classPath;
    }

    private static String awaitRunning(Process process, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Matcher running = RUNNING.matcher(read(log));
            if (running.find()) {
                return running.group(1);
            }
            if (!process.isAlive()) {
                fail("server exited with " + process.exitValue() + " before it was running:\n" + read(log));
            }
            Thread.sleep(50);
        }
        return fail("server not running after " + START_TIMEOUT_MILLIS + " ms:\n" + read(log));
    }

    private static void awaitHealthy(Process process, Path log, String rootUrl) throws Exception {
        Api api = Api.at(rootUrl);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            if (api.get("/health", null).status() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        fail("/api/health never answered 200 (alive: " + process.isAlive() + "):\n" + read(log));
    }

    String rootUrl() {
        return rootUrl;
    }

    Api api() {
        return Api.at(rootUrl);
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return read(log);
    }

    /**
     * Kills the process with SIGKILL ({@link Process#destroyForcibly()} on Unix) and returns its
     * exit value once it is gone: {@link #SIGKILL_EXIT} proves it died of signal 9.
     */
    int killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            fail("server process " + process.pid() + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(Path log) {
        try {
            // Bytes, not readString: the log may end in the middle of a character while the server writes.
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
