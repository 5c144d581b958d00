package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.model.RoomEvent;
import java.util.Locale;
import java.util.function.Function;

/**
 * Which of a read's events its caller wants: {@code exclude_own=true} leaves out what the caller
 * wrote, {@code mentions=me} keeps only events that mention the caller. The cursors still cover
 * every event looked at, so a filtered read skips nothing later.
 */
public record ReadFilter(boolean excludeOwn, boolean mentionsMe) {
    public static final ReadFilter ALL = new ReadFilter(false, false);

    /** Reads and checks the filter parameters; a bad value is a 400 that names the parameter. */
    public static ReadFilter parse(Function<String, String> param) {
        String mentions = param.apply("mentions");
        boolean mentionsMe = false;
        if (mentions != null && !mentions.isEmpty()) {
            if (!"me".equals(mentions.trim().toLowerCase(Locale.ROOT))) {
                throw Refusal.badRequest("'mentions' takes only the value me (events that mention you).");
            }
            mentionsMe = true;
        }
        return new ReadFilter(flag(param, "exclude_own"), mentionsMe);
    }

    /** Whether the read returns every event it looks at. */
    public boolean keepsAll() {
        return !excludeOwn && !mentionsMe;
    }

    /** Whether {@code event} is returned to the reader whose id ({@code agt_…} or {@code usr_…}) is given. */
    public boolean keeps(RoomEvent event, String readerId) {
        if (excludeOwn && event.writtenBy(readerId)) {
            return false;
        }
        return !mentionsMe || event.mentions().contains(readerId);
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
