package dev.agentchat.support;

import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding: every line logged below the edge (a failed push, the sweeper, a webhook,
 * the SDK's own warnings) becomes one {@link RequestLog#line} — one JSON object with the level,
 * the message, the stack and the id of the request it happened in — instead of slf4j-simple's
 * text on stderr, where Lambda makes each line of a stack trace a CloudWatch entry of its own.
 *
 * <p>Two classes (this and its logger) on the cold path, and nothing to read at start but the
 * level: markers and MDC are made only if something asks for them. The level is Lambda's
 * application log level ({@code AWS_LAMBDA_LOG_LEVEL}, which the function's LoggingConfig sets),
 * INFO when unset (the standalone server).
 */
public final class LogLines implements SLF4JServiceProvider, ILoggerFactory {
    private int threshold = Level.INFO.toInt();
    private volatile IMarkerFactory markers;
    private volatile MDCAdapter mdc;

    @Override
    public void initialize() {
        threshold = threshold(System.getenv("AWS_LAMBDA_LOG_LEVEL"));
    }

    /** The lowest level logged for a Lambda log level name; INFO for none or one unknown. */
    static int threshold(String lambdaLevel) {
        if (lambdaLevel == null) {
            return Level.INFO.toInt();
        }
        return switch (lambdaLevel.toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE.toInt();
            case "DEBUG" -> Level.DEBUG.toInt();
            case "WARN" -> Level.WARN.toInt();
            case "ERROR", "FATAL" -> Level.ERROR.toInt();
            default -> Level.INFO.toInt();
        };
    }

    @Override
    public org.slf4j.Logger getLogger(String name) {
        return new Logger(name, threshold);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        if (markers == null) {
            markers = new BasicMarkerFactory();
        }
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        // Context travels in the request's entry (RequestLog.note), not in an MDC.
        if (mdc == null) {
            mdc = new NOPMDCAdapter();
        }
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    /** One named logger: formats the message and hands it to {@link RequestLog#line}. */
    static final class Logger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final int threshold;

        Logger(String name, int threshold) {
            this.name = name;
            this.threshold = threshold;
        }

        @Override
        public boolean isTraceEnabled() {
            return threshold <= Level.TRACE.toInt();
        }

        @Override
        public boolean isDebugEnabled() {
            return threshold <= Level.DEBUG.toInt();
        }

        @Override
        public boolean isInfoEnabled() {
            return threshold <= Level.INFO.toInt();
        }

        @Override
        public boolean isWarnEnabled() {
            return threshold <= Level.WARN.toInt();
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable error) {
            String message = arguments == null || arguments.length == 0 ? pattern
                    : MessageFormatter.basicArrayFormat(pattern, arguments);
            RequestLog.line(level.name(), name, message, error);
        }
    }
}
