package dev.agentchat.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One structured line per request or event at an edge (an HTTP request, a socket frame, a stream
 * batch, a queue batch, a sweep): route, status, latency, the room, agent and user it concerned
 * when known, the error code, Lambda's request id; a failure's stack trace in the same entry.
 *
 * <p>On Lambda the line is one JSON object written to stdout in one {@code println}: JSON
 * escapes every newline, so a stack trace stays one CloudWatch event instead of one per frame,
 * and the line is parsed as it is (Logs Insights discovers its fields). It is written by hand on
 * the project's JSON codec, not through a logging framework: nothing more is initialised on the
 * cold path than the codec every handler already loads. The standalone server passes a
 * {@link Sink} as its Lambda context and renders the same entry as JSON or as text for a terminal.
 *
 * <p>Services below the edge add what only they learn ({@link #note}: the agent behind a key,
 * the room of a socket) to the entry of the request their thread is serving; outside a request
 * a note is dropped. What they log through SLF4J ({@link LogLines}) becomes a {@link #line line}
 * of its own in the same format, carrying the request's id and written to the request's sink.
 */
public final class RequestLog {
    /** Where a finished entry goes; the standalone server's Lambda context is one. */
    public interface Sink {
        void write(Entry entry);

        /**
         * A line logged below the edge while this sink's request ran (or, for the background sink,
         * outside any request); Lambda's: the line as one JSON object on stdout.
         */
        default void line(Entry line) {
            System.out.println(line.json());
        }
    }

    /**
     * Lambda's: the entry as one JSON line on stdout, then what the invocation counted as EMF
     * lines ({@link Emf}; stdout, not a logger, so each stays a whole JSON object CloudWatch reads).
     */
    public static final Sink STDOUT = entry -> {
        System.out.println(entry.json());
        for (String line : Emf.lines(Metrics.process().drain(), System.currentTimeMillis())) {
            System.out.println(line);
        }
    };

    private static final int MAX_STACK_CHARS = 64 * 1024;

    /** The entry of the request this thread serves: per thread, set and cleared by the edge. */
    private static final ThreadLocal<Entry> CURRENT = new ThreadLocal<>();

    /** The request a pool thread works for ({@link #within}): for its log lines only, never for notes. */
    private static final ThreadLocal<Entry> LENT = new ThreadLocal<>();

    /**
     * Where lines logged outside any request go: stdout on Lambda (where every line is logged
     * within an invocation anyway); the standalone server points it at its own log while it runs.
     */
    private static volatile Sink background = STDOUT;

    private RequestLog() {
    }

    /**
     * Starts the entry of one request or event; {@link Entry#finish} writes it.
     *
     * @param kind    {@code http}, {@code ws}, {@code stream}, {@code queue} or {@code schedule}
     * @param context the Lambda context: its request id is logged, and if it is a {@link Sink}
     *                (the standalone server's) the entry goes there instead of stdout
     */
    public static Entry start(String kind, String handler, Object context) {
        String requestId = context instanceof com.amazonaws.services.lambda.runtime.Context lambda
                ? lambda.getAwsRequestId() : null;
        Entry entry = new Entry(context instanceof Sink sink ? sink : STDOUT, null, handler, requestId);
        entry.put("kind", kind).put("handler", handler).put("aws_request_id", requestId);
        CURRENT.set(entry);
        return entry;
    }

    /**
     * The work, to run on another thread as part of this thread's request: what it logs carries
     * the request's id and goes to the request's sink. Outside a request the work is returned as is.
     */
    public static <T> Callable<T> within(Callable<T> work) {
        Entry entry = CURRENT.get();
        if (entry == null) {
            return work;
        }
        return () -> {
            LENT.set(entry);
            try {
                return work.call();
            } finally {
                LENT.remove();
            }
        };
    }

    /**
     * Writes one log line (from {@link LogLines}): level, time, logger and message, the id and
     * handler of the request this thread serves, the error with its stack; to that request's sink,
     * else to the background sink. One entry whatever the stack, like a request's.
     */
    public static void line(String level, String logger, String message, Throwable error) {
        Entry request = CURRENT.get();
        if (request == null) {
            request = LENT.get();
        }
        Sink sink = request != null ? request.sink : background;
        Entry line = new Entry(sink, level, null, null);
        line.put("logger", logger).put("message", message);
        if (request != null) {
            // Only the request's final fields: a lent entry is being written by its own thread.
            line.put("aws_request_id", request.requestId).put("handler", request.handler);
        }
        sink.line(line.failed(error));
    }

    /**
     * The handler whose request this thread serves or works for ({@link #within}); null outside
     * one. Tests check each DynamoDB call against that handler's declared {@code Access}.
     */
    public static String handler() {
        Entry request = CURRENT.get();
        if (request == null) {
            request = LENT.get();
        }
        return request != null ? request.handler : null;
    }

    /** Points lines logged outside any request at {@code sink} (the standalone server's log), or back at stdout with null. */
    public static void background(Sink sink) {
        background = sink != null ? sink : STDOUT;
    }

    /** Adds a field to the current request's entry, unless the edge set it already; no-op outside a request. */
    public static void note(String field, String value) {
        Entry entry = CURRENT.get();
        if (entry != null && value != null) {
            entry.fields.putIfAbsent(field, value);
        }
    }

    /** Records a failure (with its stack) in the current request's entry, when it was answered without throwing. */
    public static void failed(Throwable error) {
        Entry entry = CURRENT.get();
        if (entry != null) {
            entry.failed(error);
        }
    }

    /**
     * One request's entry, or one {@link #line line} logged below the edge: fields in the order
     * they were added, and at most one failure.
     */
    public static final class Entry {
        private final Sink sink;
        /** A line's level as logged; null for a request's entry, whose level follows from how it ended. */
        private final String level;
        private final String handler;
        private final String requestId;
        private final long startNanos = System.nanoTime();
        private final long startMillis = System.currentTimeMillis();
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private Throwable failure;
        private boolean finished;

        Entry(Sink sink, String level, String handler, String requestId) {
            this.sink = sink;
            this.level = level;
            this.handler = handler;
            this.requestId = requestId;
        }

        /** Sets a field (null values are left out of the line). */
        public Entry put(String field, Object value) {
            if (value != null) {
                fields.put(field, value);
            }
            return this;
        }

        /** The failure to log with its stack; the first one recorded wins (it is usually the cause of the rest). */
        public Entry failed(Throwable error) {
            if (failure == null) {
                failure = error;
            }
            return this;
        }

        /** Adds the latency, writes the entry once to its sink and ends the thread's request. */
        public void finish(Integer status, String errorCode) {
            if (finished) {
                return;
            }
            finished = true;
            put("status", status).put("error_code", errorCode);
            fields.put("latency_ms", (System.nanoTime() - startNanos) / 1_000_000);
            // On any transport, also an MCP tool's refusal (noted, answered 200).
            if ("RATE_LIMITED".equals(fields.get("error_code"))) {
                Metrics.process().count(Metric.RATE_LIMITED);
            }
            if (CURRENT.get() == this) {
                CURRENT.remove();
            }
            sink.write(this);
        }

        /** A line's level; for a request, {@code ERROR} for a failure (an exception, or a 5xx we answered), else {@code INFO}. */
        public String level() {
            if (level != null) {
                return level;
            }
            Object status = fields.get("status");
            return failure != null || status instanceof Integer s && s >= 500 ? "ERROR" : "INFO";
        }

        public Map<String, Object> fields() {
            return Map.copyOf(fields);
        }

        public Throwable failure() {
            return failure;
        }

        public long startMillis() {
            return startMillis;
        }

        /** The entry as one line of JSON: level and time first, then the fields, then the error. */
        public String json() {
            ObjectNode line = Json.object().put("level", level()).put("time", Timestamps.format(startMillis));
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                Object value = field.getValue();
                if (value instanceof Integer i) {
                    line.put(field.getKey(), i);
                } else if (value instanceof Long l) {
                    line.put(field.getKey(), l);
                } else if (value instanceof Boolean b) {
                    line.put(field.getKey(), b);
                } else {
                    line.put(field.getKey(), value.toString());
                }
            }
            if (failure != null) {
                line.putObject("error")
                        .put("type", failure.getClass().getName())
                        .put("message", failure.getMessage())
                        .put("stack", stackTrace(failure));
            }
            return Json.write(line);
        }

        /**
         * The entry for a person at a terminal: {@code time LEVEL route status latency} (for a
         * line: {@code time LEVEL message}) and the other fields as {@code name=value}; a
         * failure's stack follows on its own lines.
         */
        public String text() {
            StringBuilder out = new StringBuilder(Timestamps.format(startMillis)).append(' ')
                    .append(String.format("%-5s", level()));
            if (level != null) {
                out.append(' ').append(fields.get("message"));
                for (Map.Entry<String, Object> field : fields.entrySet()) {
                    if (!field.getKey().equals("message")) {
                        out.append(' ').append(field.getKey()).append('=').append(field.getValue());
                    }
                }
                if (failure != null) {
                    out.append(System.lineSeparator()).append(stackTrace(failure).stripTrailing());
                }
                return out.toString();
            }
            Object route = fields.get("route");
            out.append(' ').append(route != null ? route : fields.get("handler"));
            if (fields.containsKey("status")) {
                out.append(' ').append(fields.get("status"));
            }
            out.append(' ').append(fields.get("latency_ms")).append("ms");
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                switch (field.getKey()) {
                    case "route", "status", "latency_ms", "kind" -> {
                    }
                    case "handler" -> {
                        if (route == null) {
                            continue;
                        }
                        out.append(' ').append(field.getKey()).append('=').append(field.getValue());
                    }
                    default -> out.append(' ').append(field.getKey()).append('=').append(field.getValue());
                }
            }
            if (failure != null) {
                out.append(System.lineSeparator()).append(stackTrace(failure).stripTrailing());
            }
            return out.toString();
        }

        private static String stackTrace(Throwable error) {
            StringWriter text = new StringWriter();
            error.printStackTrace(new PrintWriter(text));
            // CloudWatch Logs cuts an event at 256 KB, and a cut line is no JSON: keep the top of the stack.
            return text.getBuffer().length() <= MAX_STACK_CHARS ? text.toString()
                    : text.getBuffer().substring(0, MAX_STACK_CHARS) + "\n\t… (cut)";
        }
    }
}
