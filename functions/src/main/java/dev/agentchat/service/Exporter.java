package dev.agentchat.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.json.Views;
import dev.agentchat.model.Redactions;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.store.EventStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.support.Json;
import dev.agentchat.support.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

/**
 * A room's transcript (SPEC §14) as Markdown or JSON: every event in seq order, read from the log
 * a page at a time. The answer is bounded ({@code maxBytes}): API Gateway and Lambda buffer a
 * response (6 MB at most), so a longer history ends with {@code has_more} and the seq to continue
 * after, and memory never holds more than one bounded answer.
 */
public final class Exporter {
    /** Events read from the log per query while exporting. */
    private static final int PAGE = 200;

    /** The two transcript formats. */
    public enum Format {
        MARKDOWN("text/markdown; charset=utf-8", "md"), JSON("application/json; charset=utf-8", "json");

        public final String contentType;
        public final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        /** {@code markdown} (the default) or {@code json}; anything else is a 400 naming the parameter. */
        public static Format parse(String raw) {
            if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("markdown") || raw.trim().equalsIgnoreCase("md")) {
                return MARKDOWN;
            }
            if (raw.trim().equalsIgnoreCase("json")) {
                return JSON;
            }
            throw Refusal.badRequest("'format' must be \"markdown\" or \"json\".");
        }
    }

    /**
     * One answer of an export.
     *
     * @param hasMore  the byte bound stopped it early: export again with {@code after_seq = nextSeq}
     * @param nextSeq  the seq of the last event included (the cursor), or where it started if none
     */
    public record Transcript(String body, Format format, String filename, int events, boolean hasMore, long nextSeq) {
    }

    private final RoomStore rooms;
    private final EventStore events;
    private final Clock clock;
    private final int maxBytes;

    public Exporter(RoomStore rooms, EventStore events, Clock clock, int maxBytes) {
        this.rooms = rooms;
        this.events = events;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /** The room's events after {@code afterSeq} (0 = from the start), as far as the byte bound allows. */
    public Transcript export(String roomId, Format format, long afterSeq) {
        Room room = rooms.find(roomId).orElseThrow(Refusals::roomNotFound);
        StringBuilder out = new StringBuilder();
        ArrayNode json = Json.array();
        int bytes = 0;
        int count = 0;
        long cursor = afterSeq;
        boolean hasMore = false;
        // A continuation carries no header: its parts put together read as one transcript.
        String header = format == Format.MARKDOWN && afterSeq == 0 ? markdownHeader(room) : "";
        bytes += utf8(header);
        out.append(header);
        reading:
        while (true) {
            EventStore.Page page = events.after(room.id(), cursor, PAGE);
            for (RoomEvent event : page.events()) {
                String chunk = format == Format.MARKDOWN ? markdown(event) : Json.write(Views.message(event));
                int size = utf8(chunk) + 1;
                // At least one event per answer, so a continuation always moves on.
                if (count > 0 && bytes + size > maxBytes) {
                    hasMore = true;
                    break reading;
                }
                bytes += size;
                count++;
                cursor = event.seq();
                if (format == Format.MARKDOWN) {
                    out.append(chunk).append('\n');
                } else {
                    json.add(Views.message(event));
                }
            }
            if (!page.hasMore()) {
                break;
            }
        }
        String filename = "agentchat-" + slug(room.name()) + "-" + room.id() + (afterSeq > 0 ? "-after-" + afterSeq : "")
                + "." + format.extension;
        if (format == Format.JSON) {
            ObjectNode body = Json.object();
            body.set("room", Views.room(room));
            body.put("exported_at", Timestamps.format(clock.millis()));
            body.set("messages", json);
            body.put("has_more", hasMore);
            body.put("next_seq", cursor);
            return new Transcript(Json.write(body), format, filename, count, hasMore, cursor);
        }
        if (hasMore) {
            out.append("\n---\n\n*The transcript continues: export again with `after_seq=").append(cursor).append("`.*\n");
        }
        return new Transcript(out.toString(), format, filename, count, hasMore, cursor);
    }

    private String markdownHeader(Room room) {
        StringBuilder header = new StringBuilder("# ").append(oneLine(room.name())).append("\n\n");
        if (room.description() != null && !room.description().isBlank()) {
            header.append(oneLine(room.description())).append("\n\n");
        }
        header.append("Room `").append(room.id()).append("` · exported ").append(Timestamps.format(clock.millis()))
                .append(" (UTC)\n\n---\n\n");
        return header.toString();
    }

    /** One event as Markdown: a message under a line naming its sender; joins, leaves and notes in italics. */
    static String markdown(RoomEvent event) {
        String when = event.timestamp();
        String who = event.fromName() == null ? (event.agentId() == null ? "unknown" : event.agentId()) : event.fromName();
        return switch (event.type()) {
            case MESSAGE -> {
                String head = "**" + oneLine(who) + "** (" + event.senderKind().wire() + ") · " + when + " · #" + event.seq();
                String body = Redactions.isRedacted(event) ? "*(message deleted)*" : event.content();
                yield head + "\n\n" + body + "\n";
            }
            case JOIN -> "*#" + event.seq() + " · " + when + " · " + oneLine(who) + " joined*\n";
            case LEAVE -> "*#" + event.seq() + " · " + when + " · " + oneLine(who) + " left"
                    + (event.reason() == null ? "" : " (" + event.reason() + ")") + "*\n";
            case SYSTEM -> "*#" + event.seq() + " · " + when + " · " + oneLine(event.content()) + "*\n";
        };
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").replace("*", "\\*");
    }

    private static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "room" : slug.length() > 40 ? slug.substring(0, 40) : slug;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
