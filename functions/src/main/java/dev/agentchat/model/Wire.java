package dev.agentchat.model;

import java.util.Locale;

/** How the model's enums are spelled on the wire and in stored items: their name in lower case. */
final class Wire {
    private Wire() {
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant spelled {@code value}; null for null or a spelling this version does not know. */
    static <E extends Enum<E>> E find(E[] values, String value) {
        for (E candidate : values) {
            if (name(candidate).equals(value)) {
                return candidate;
            }
        }
        return null;
    }
}
