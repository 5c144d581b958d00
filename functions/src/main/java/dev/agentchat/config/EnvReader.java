package dev.agentchat.config;

import java.util.Map;

/** Reads typed settings from an environment map, failing fast with the variable's name. */
final class EnvReader {
    private final Map<String, String> env;

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    int positiveInt(String name, int fallback) {
        return intInRange(name, fallback, 1, Integer.MAX_VALUE);
    }

    int intInRange(String name, int fallback, int min, int max) {
        String raw = string(name, null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new IllegalStateException(
                        name + " must be between " + min + " and " + max + ", got " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be an integer, got '" + raw + "'", e);
        }
    }
}
