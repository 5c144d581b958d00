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

    boolean bool(String name, boolean fallback) {
        String raw = string(name, null);
        if (raw == null) {
            return fallback;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw new IllegalStateException(name + " must be true or false, got '" + raw + "'");
    }

    /** A comma-separated list of positive decimal seconds ({@code 5,30,0.2}), as milliseconds. */
    java.util.List<Long> secondsList(String name, String fallback) {
        String raw = string(name, fallback);
        java.util.List<Long> millis = new java.util.ArrayList<>();
        for (String part : raw.split(",")) {
            try {
                double seconds = Double.parseDouble(part.trim());
                if (!(seconds > 0) || seconds > 12 * 3600) {
                    throw new IllegalStateException(name + " must list seconds between 0 and 43200, got '" + raw + "'");
                }
                millis.add(Math.max(1, Math.round(seconds * 1000)));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " must be comma-separated seconds, got '" + raw + "'", e);
            }
        }
        return java.util.List.copyOf(millis);
    }
}
