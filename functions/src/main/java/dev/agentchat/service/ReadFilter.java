package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.model.RoomEvent;
import java.util.Locale;
import java.util.function.Function;

/**
 * Which of a read's events its caller wants: {@code exclude_own=true} leaves out what the caller
 * wrote. The cursors still cover every event looked at, so a filtered read skips nothing later.
 */
public record ReadFilter(boolean excludeOwn) {
    public static final ReadFilter ALL = new ReadFilter(false);

    /** Reads and checks the filter parameters; a bad value is a 400 that names the parameter. */
    public static ReadFilter parse(Function<String, String> param) {
        return new ReadFilter(flag(param, "exclude_own"));
    }

    /** Whether the read returns every event it looks at. */
    public boolean keepsAll() {
        return !excludeOwn;
    }

    /** Whether {@code event} is returned to the reader whose id ({@code agt_…} or {@code usr_…}) is given. */
    public boolean keeps(RoomEvent event, String readerId) {
        return !(excludeOwn && event.writtenBy(readerId));
    }

    private static boolean flag(Function<String, String> param, String name) {
        String raw = param.apply(name);
        if (raw == null || raw.isEmpty()) {
            return false;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Refusal.badRequest("'" + name + "' must be true or false.");
        };
    }
}
