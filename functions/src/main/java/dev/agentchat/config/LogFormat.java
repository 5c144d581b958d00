package dev.agentchat.config;

import java.util.Locale;

/**
 * How the standalone server writes its request log ({@code LOG_FORMAT}): one JSON object per
 * line, as on Lambda (where it is always JSON), or text for a person at a terminal.
 */
public enum LogFormat {
    JSON, TEXT;

    static LogFormat parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LOG_FORMAT must be json or text, got '" + value + "'");
        }
    }
}
