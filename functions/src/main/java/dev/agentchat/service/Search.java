package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Redactions;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Searching a room's messages (SPEC §14, {@code GET …/messages?q=}): case-insensitive, over
 * content and sender names, newest first, paged backwards with {@code before_seq}. DynamoDB has
 * no full-text index, so a search walks the room's own partition newest first and matches in
 * code; one request examines at most {@code maxScan} events (a bounded cost: about that many
 * items read), and says where to go on ({@code next_before_seq}) when it stopped early.
 */
public final class Search {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_QUERY_CHARS = 200;
    /** Events read per query while searching. */
    private static final int PAGE = 200;

    /**
     * A validated search: text to find (or null), a sender id to keep (or null), where to start.
     *
     * @param beforeSeq only events with a smaller seq; null = from the newest
     */
    public record Query(String text, String from, Long beforeSeq, int limit) {
    }

    /**
     * What a search found, newest first.
     *
     * @param hasMore       older events remain unexamined: search again with {@code before_seq = nextBeforeSeq}
     * @param nextBeforeSeq the lowest seq examined (the cursor), or where the search started
     * @param scanned       how many events were examined
     */
    public record Result(List<RoomEvent> hits, boolean hasMore, long nextBeforeSeq, int scanned) {
    }

    private final EventStore events;
    private final int maxScan;

    public Search(EventStore events, int maxScan) {
        this.events = events;
        this.maxScan = maxScan;
    }

    /**
     * The search a read's parameters ask for, or null when they ask for none (no {@code q}, no
     * {@code from}); every problem is a 400 that names the parameter.
     */
    public static Query parse(Function<String, String> param) {
        String q = param.apply("q");
        String from = param.apply("from");
        boolean text = q != null && !q.isBlank();
        boolean sender = from != null && !from.isBlank();
        if (!text && !sender) {
            if (q != null || from != null) {
                throw Refusal.badRequest("'q' needs some text to search for (or 'from' a sender's id).");
            }
            return null;
        }
        for (String cursor : List.of("after_seq", "since", "wait")) {
            String value = param.apply(cursor);
            if (value != null && !value.isBlank()) {
                throw Refusal.badRequest("A search pages backwards with 'before_seq'; '" + cursor + "' does not apply.");
            }
        }
        if (text && q.trim().length() > MAX_QUERY_CHARS) {
            throw Refusal.badRequest("'q' is at most " + MAX_QUERY_CHARS + " characters.");
        }
        if (sender && !from.trim().matches("(agt|usr)_[0-9A-Za-z]{1,64}")) {
            throw Refusal.badRequest("'from' is a sender's id: agt_… or usr_….");
        }
        Long before = positive(param.apply("before_seq"), "before_seq", Long.MAX_VALUE);
        Long limit = positive(param.apply("limit"), "limit", MAX_LIMIT);
        return new Query(text ? q.trim().toLowerCase(Locale.ROOT) : null, sender ? from.trim() : null, before,
                limit == null ? DEFAULT_LIMIT : limit.intValue());
    }

    private static Long positive(String raw, String name, long max) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Refusal.badRequest("'" + name + "' must be a whole number from 1" + (max == Long.MAX_VALUE ? "" : " to " + max) + ".");
    }

    public Result search(String roomId, Query query) {
        List<RoomEvent> hits = new ArrayList<>();
        long cursor = query.beforeSeq() == null ? Long.MAX_VALUE : query.beforeSeq();
        int scanned = 0;
        boolean exhausted = false;
        searching:
        while (scanned < maxScan) {
            EventStore.Page page = events.before(roomId, cursor, Math.min(PAGE, maxScan - scanned));
            List<RoomEvent> oldestFirst = page.events();
            for (int i = oldestFirst.size() - 1; i >= 0; i--) {
                RoomEvent event = oldestFirst.get(i);
                scanned++;
                cursor = event.seq();
                if (matches(event, query)) {
                    hits.add(event);
                    if (hits.size() == query.limit()) {
                        // Stopped on a hit: everything below it is still to examine (unless nothing is).
                        exhausted = i == 0 && !page.hasMore();
                        break searching;
                    }
                }
            }
            if (!page.hasMore() || oldestFirst.isEmpty()) {
                exhausted = true;
                break;
            }
        }
        long next = cursor == Long.MAX_VALUE ? 0 : cursor;
        return new Result(hits, !exhausted && next > 1, next, scanned);
    }

    private static boolean matches(RoomEvent event, Query query) {
        if (event.type() != EventType.MESSAGE || Redactions.isRedacted(event)) {
            return false;
        }
        if (query.from() != null && !query.from().equals(event.agentId())) {
            return false;
        }
        if (query.text() == null) {
            return true;
        }
        return contains(event.content(), query.text()) || contains(event.fromName(), query.text());
    }

    private static boolean contains(String field, String lowerNeedle) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }
}
