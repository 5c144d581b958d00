package dev.agentchat.standalone;

import dev.agentchat.config.LogFormat;
import dev.agentchat.support.Json;
import dev.agentchat.support.RequestLog;
import dev.agentchat.support.Timestamps;
import java.util.function.Consumer;

/**
 * The standalone server's log: each request's {@link RequestLog} entry (the line a Lambda would
 * write), the lines logged below the handlers (SLF4J, see {@code LogLines}) and the server's own start and stop, as JSON lines or as text for a terminal
 * ({@code LOG_FORMAT}). The handlers reach it through the Lambda context the server passes them.
 */
final class ServerLog implements RequestLog.Sink {
    private final LogFormat format;
    private final Consumer<String> out;

    /** @param out takes one finished line at a time (stdout, or a test's list) */
    ServerLog(LogFormat format, Consumer<String> out) {
        this.format = format;
        this.out = out;
    }

    @Override
    public void write(RequestLog.Entry entry) {
        out.accept(format == LogFormat.TEXT ? entry.text() : entry.json());
    }

    @Override
    public void line(RequestLog.Entry line) {
        write(line);
    }

    /** A line about the server itself ("stopped"). */
    void info(String message) {
        long now = System.currentTimeMillis();
        out.accept(format == LogFormat.TEXT ? Timestamps.format(now) + " INFO  " + message
                : Json.write(Json.object().put("level", "INFO").put("time", Timestamps.format(now)).put("message", message)));
    }
}
