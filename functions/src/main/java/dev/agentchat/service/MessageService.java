package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.json.Views;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Member;
import dev.agentchat.model.NameSource;
import dev.agentchat.model.Recipients;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.RoomHuman;
import dev.agentchat.model.SendToken;
import dev.agentchat.model.SenderKind;
import dev.agentchat.model.User;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.EventStore;
import dev.agentchat.store.HumanStore;
import dev.agentchat.store.IdempotencyStore;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.Json;
import dev.agentchat.support.Metric;
import dev.agentchat.support.Metrics;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sending messages into a room and reading them back, for REST and WebSocket alike. */
public final class MessageService {
    /** How often a waiting read checks that its caller may still read. */
    private static final long ACCESS_CHECK_MILLIS = 1_000;
    private static final long IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
    private static final int MAX_IDEMPOTENCY_KEY_CHARS = 255;
    /**
     * Sends of one agent racing for its send limit's cell: how often one is decided again before it
     * gives up (as many as an append's attempts: where appends are serialised, each round of a race
     * lets one of the racers through).
     */
    private static final int MAX_SEND_LIMIT_RACES = 40;

    /**
     * A page of a room's events and the cursors to read on from: {@code nextSince} and
     * {@code nextSeq} continue after the last event (or, on an empty page, from where the read stood).
     */
    public record Page(List<RoomEvent> messages, boolean hasMore, String nextSince, long nextSeq) {
    }

    /**
     * A sent message; {@code replayed} if an earlier identical request made it; who it reaches
     * (counted when it was sent or replayed).
     */
    public record Sent(RoomEvent message, boolean replayed, Recipients recipients) {
    }

    private final EventStore events;
    private final RoomStore rooms;
    private final MemberStore members;
    private final HumanStore humans;
    private final Transactions transactions;
    private final IdempotencyStore idempotency;
    private final RateLimiter rateLimiter;
    private final LoopGuard loopGuard;
    private final Membership membership;
    private final Limits limits;
    private final Clock clock;
    private final Reach reach;

    public MessageService(EventStore events, RoomStore rooms, MemberStore members, HumanStore humans,
                          Transactions transactions, IdempotencyStore idempotency,
                          RateLimiter rateLimiter, LoopGuard loopGuard, Membership membership, Limits limits,
                          Clock clock, Reach reach) {
        this.membership = membership;
        this.reach = reach;
        this.events = events;
        this.rooms = rooms;
        this.members = members;
        this.humans = humans;
        this.transactions = transactions;
        this.idempotency = idempotency;
        this.rateLimiter = rateLimiter;
        this.loopGuard = loopGuard;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Sends a message from an agent. With an idempotency key, a repeat within 24 h returns the
     * first result and writes nothing.
     *
     * @param content the content exactly as sent
     * @param rest    whether the agent sent it over REST (then it also counts as presence)
     */
    public Sent send(Member sender, String content, String idempotencyKey, boolean rest) {
        return send(sender, content, idempotencyKey, rest, null);
    }

    /**
     * As {@link #send(Member, String, String, boolean)} for an agent as its transport read it: every
     * transport (REST, WebSocket, MCP) sends through here, so each makes the same calls. Its room,
     * if the caller carries it, is the counter the append goes after.
     */
    public Sent send(Caller.Agent sender, String content, String idempotencyKey, boolean rest) {
        return send(sender.member(), content, idempotencyKey, rest, sender.room());
    }

    /**
     * As {@link #send(Member, String, String, boolean)}; {@code known} is the sender's room as the
     * request already read it (then the append need not read the room's counter again), or null.
     */
    public Sent send(Member sender, String content, String idempotencyKey, boolean rest, Room known) {
        validate(content, idempotencyKey);
        String scopedKey = idempotencyKey == null ? null : sender.agentId() + "#" + idempotencyKey.trim();
        String digest = Secrets.sha256Hex(content);
        if (scopedKey != null) {
            Optional<Sent> earlier = replay(sender.roomId(), scopedKey, digest);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        // The send limit is decided from the key as read and spent by the message's own transaction.
        SendToken sendToken = rateLimiter.spendSend(sender);
        long now = clock.millis();
        String introName = !sender.introChecked() && sender.nameSource() == NameSource.FALLBACK
                ? AgentNames.fromIntroduction(content) : null;
        if (introName != null) {
            introName = membership.unique(sender.roomId(), introName, sender.keyHash());
        }
        String fromName = introName == null ? sender.name() : introName;
        // Keys listed for mentions also serve to count the recipients (one query of the room's keys, not two).
        List<Member> listed = Mentions.mayMention(content) ? members.listByRoom(sender.roomId()) : null;
        EventDraft draft = new EventDraft(EventType.MESSAGE, sender.agentId(), fromName, SenderKind.AGENT, content,
                null, mentions(sender.roomId(), listed, content, null));
        Transactions.Remembered remembered = scopedKey == null ? null : new Transactions.Remembered(scopedKey, digest,
                now / 1000 + IDEMPOTENCY_TTL_SECONDS, event -> Json.write(Views.message(event)));
        // A first message that names its sender appended nothing before it, so the known counter still holds.
        RoomStore.Head head = known == null ? null : RoomStore.Head.of(known);
        Member from = sender;
        for (int attempt = 1; ; attempt++) {
            try {
                Transactions.Sent written = transactions.send(from, draft, now, introName, rest, remembered, head,
                        sendToken);
                if (introName != null) {
                    membership.announceIntroduction(from, introName);
                }
                loopGuard.spent(from.roomId(), written.guard());
                return new Sent(written.event(), false, listed == null ? reach.of(from.roomId(), from.agentId())
                        : reach.of(listed, from.agentId()));
            } catch (AppendRefused refused) {
                switch (refused.reason()) {
                    case DUPLICATE_REQUEST:
                        // A concurrent request with the same idempotency key won the race.
                        return replay(from.roomId(), scopedKey, digest).orElseThrow(() -> Refusal.conflict(
                                "A request with this Idempotency-Key is in progress; retry."));
                    case KEY_CHANGED:
                        // The key is no longer usable, or other sends of this agent spent the burst since the key was
                        // read (its send_tat moved): then the limit is decided again from the key as it is now.
                        Member reread = members.find(from.keyHash()).orElse(null);
                        if (reread == null || reread.revoked() || !from.agentId().equals(reread.agentId())
                                || reread.sendTatMillis() == from.sendTatMillis()) {
                            throw Refusals.keyRevoked();
                        }
                        if (attempt >= MAX_SEND_LIMIT_RACES) {
                            throw Refusals.roomBusy();
                        }
                        from = reread;
                        sendToken = rateLimiter.spendSend(from);
                        head = null;
                        break;
                    case NO_ROOM:
                        throw Refusals.roomGone();
                    case ROOM_GUARD:
                        throw loopGuard.refused(from.roomId());
                    default:
                        throw Refusals.roomBusy();
                }
            }
        }
    }

    /**
     * Posts a verified human's message ({@code sender_kind} human, from the user's id and name:
     * only this path writes such a message). It makes the agents' turn budget whole again, and
     * resumes the room first if it was paused. {@code place} is where the caller found the human
     * in the room: its room, as read then, is the counter to append after. With an idempotency
     * key, a repeat within 24 h returns the first result.
     */
    public Sent sendAsHuman(RoomAccess.Place place, String content, String idempotencyKey) {
        String roomId = place.room().id();
        User user = place.human().user();
        validate(content, idempotencyKey);
        String scopedKey = idempotencyKey == null ? null : user.id() + "#" + idempotencyKey.trim();
        String digest = Secrets.sha256Hex(content);
        if (scopedKey != null) {
            Optional<Sent> earlier = replay(roomId, scopedKey, digest);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        rateLimiter.checkHumanSend(user.id());
        Room room = place.room();
        if (room.archived()) {
            throw Refusals.roomArchived();
        }
        // The room as just read is the counter to append after, unless resuming it appended first.
        RoomStore.Head known = RoomStore.Head.of(room);
        if (room.guard().paused()) {
            loopGuard.resumeForMessage(roomId, user.name());
            known = null;
        }
        long now = clock.millis();
        List<Member> listed = Mentions.mayMention(content) ? members.listByRoom(roomId) : null;
        EventDraft draft = new EventDraft(EventType.MESSAGE, user.id(), user.name(), SenderKind.HUMAN, content,
                null, mentions(roomId, listed, content, user));
        Transactions.Remembered remembered = scopedKey == null ? null : new Transactions.Remembered(scopedKey, digest,
                now / 1000 + IDEMPOTENCY_TTL_SECONDS, event -> Json.write(Views.message(event)));
        try {
            RoomEvent posted = transactions.humanPost(roomId, draft, now, remembered, known);
            return new Sent(posted, false, listed == null ? reach.of(roomId, user.id()) : reach.of(listed, user.id()));
        } catch (AppendRefused refused) {
            switch (refused.reason()) {
                case DUPLICATE_REQUEST:
                    return replay(roomId, scopedKey, digest).orElseThrow(() -> Refusal.conflict(
                            "A request with this Idempotency-Key is in progress; retry."));
                case NO_ROOM:
                    throw Refusals.roomGone();
                case ROOM_GUARD:
                    // The only guard on a human's post: the room was archived meanwhile.
                    throw Refusals.roomArchived();
                default:
                    throw Refusals.roomBusy();
            }
        }
    }

    /**
     * Who {@code content} mentions among the room's agents (current names) and humans (owner,
     * moderators, members, by the name each joined with). Principals on the room's keys count too:
     * a room made before rooms had humans has no owner item, and its admin key names the owner.
     * The room's humans are one more query, made only when the content holds an {@code @}.
     *
     * @param keys the room's keys, listed only when the content holds an {@code @} (else null)
     */
    private List<String> mentions(String roomId, List<Member> keys, String content, User sendingHuman) {
        if (keys == null) {
            return List.of();
        }
        Map<String, Mentions.Candidate> candidates = new LinkedHashMap<>();
        for (Member key : keys) {
            if (key.claimed() && !key.revoked()) {
                candidates.put(key.agentId(), new Mentions.Candidate(key.agentId(), key.name()));
            }
        }
        for (RoomHuman human : humans.listByRoom(roomId)) {
            candidates.put(human.userId(), new Mentions.Candidate(human.userId(), human.name()));
        }
        for (Member key : keys) {
            if (key.principal() != null) {
                candidates.putIfAbsent(key.principal().userId(),
                        new Mentions.Candidate(key.principal().userId(), key.principal().name()));
            }
        }
        if (sendingHuman != null) {
            candidates.put(sendingHuman.id(), new Mentions.Candidate(sendingHuman.id(), sendingHuman.name()));
        }
        return Mentions.parse(content, List.copyOf(candidates.values()));
    }

    /** Reads a page of room events, long-polling for new ones when asked to and none are there. */
    public Page read(String roomId, ReadQuery query) {
        return read(roomId, query, () -> { });
    }

    /**
     * As {@link #read(String, ReadQuery)}; a long-poll runs {@code stillAllowed} about once a
     * second and ends with what it throws (a session ended, a key revoked while waiting).
     */
    public Page read(String roomId, ReadQuery query, Runnable stillAllowed) {
        return read(roomId, query, ReadFilter.ALL, null, stillAllowed);
    }

    /**
     * Who reads, as the request checked them.
     *
     * @param id           the reader's id (what {@link ReadFilter} compares with), or null
     * @param room         the room as the request's authentication read it, or null: then an empty
     *                     page that did not wait echoes its counter (read before the events, so a
     *                     message arriving meanwhile is read again, never skipped) without reading it again
     * @param stillAllowed run about once a second while a long-poll waits, and before it answers;
     *                     it ends the read with what it throws (a session ended, a key revoked)
     * @param checksRoom   whether {@code stillAllowed} also refuses a room being deleted, from a
     *                     strong read: then a long-poll's wake-up needs no read of the room of its own
     */
    public record Reader(String id, Room room, Runnable stillAllowed, boolean checksRoom) {
    }

    /**
     * As {@link #read(String, ReadQuery, Runnable)}, returning only the events {@code filter}
     * keeps for the reader with this id. The cursors cover every event looked at, kept or not,
     * and a long-poll that finds only events left out moves past them and waits on.
     */
    public Page read(String roomId, ReadQuery query, ReadFilter filter, String readerId, Runnable stillAllowed) {
        return read(roomId, query, filter, new Reader(readerId, null, stillAllowed, false));
    }

    /** As {@link #read(String, ReadQuery, ReadFilter, String, Runnable)}, for a reader as its request checked it. */
    public Page read(String roomId, ReadQuery query, ReadFilter filter, Reader reader) {
        String readerId = reader.id();
        Runnable stillAllowed = reader.stillAllowed();
        long deadline = clock.millis() + query.waitSeconds() * 1000L;
        ReadQuery at = query;
        EventStore.Page page = bySize(fetch(roomId, at), forwardFromCursor(at));
        List<RoomEvent> kept = kept(page.events(), filter, readerId);
        boolean waited = false;
        while (kept.isEmpty() && !page.hasMore() && query.forward() && query.waitSeconds() > 0) {
            if (!page.events().isEmpty()) {
                at = after(at, last(page.events()));
            }
            waited = true;
            EventStore.Page arrived = longPoll(roomId, at, deadline, stillAllowed, reader.checksRoom());
            if (arrived == null) {
                break;
            }
            page = bySize(arrived, forwardFromCursor(at));
            kept = kept(page.events(), filter, readerId);
        }
        page = bySize(page, query.afterSeq() != null || query.sinceMillis() != null);
        if (!page.events().isEmpty()) {
            RoomEvent last = last(page.events());
            return new Page(kept, page.hasMore(), last.timestamp(), last.seq());
        }
        // Nothing new: echo the cursor, completing the other one from the room's head so a
        // client may switch cursors without skipping anything.
        RoomStore.Head head = reader.room() != null && !waited ? RoomStore.Head.of(reader.room()) : rooms.head(roomId);
        long headSeq = head == null ? 0 : head.lastSeq();
        long headTs = head == null ? 0 : head.lastTsMillis();
        long nextSinceMillis = at.sinceMillis() != null ? at.sinceMillis() : headTs;
        long nextSeq = at.afterSeq() != null ? at.afterSeq()
                : at.beforeSeq() != null ? at.beforeSeq() - 1 : headSeq;
        return new Page(kept, page.hasMore(), Timestamps.format(nextSinceMillis), nextSeq);
    }

    private static boolean forwardFromCursor(ReadQuery query) {
        return query.afterSeq() != null || query.sinceMillis() != null;
    }

    private static List<RoomEvent> kept(List<RoomEvent> events, ReadFilter filter, String readerId) {
        return filter.keepsAll() ? events : events.stream().filter(e -> filter.keeps(e, readerId)).toList();
    }

    private static RoomEvent last(List<RoomEvent> events) {
        return events.get(events.size() - 1);
    }

    /** The same forward read, continuing after {@code last}. */
    private static ReadQuery after(ReadQuery query, RoomEvent last) {
        return query.sinceMillis() != null
                ? new ReadQuery(null, Timestamps.parseMillis(last.timestamp()), null, query.limit(), 0)
                : new ReadQuery(last.seq(), null, null, query.limit(), 0);
    }

    /**
     * Keeps a page within {@link Limits#maxPageChars()} characters of message JSON, whatever its
     * {@code limit}: GPT Actions refuse responses of 100,000 characters or more, and 200 events of
     * 4 KB are far more. A cut page says {@code has_more}; a reader going forward keeps the oldest
     * events (its cursor continues after them), one reading back from the head the newest. At least
     * one event is always kept, so a reader always moves on.
     */
    private EventStore.Page bySize(EventStore.Page page, boolean keepOldest) {
        List<RoomEvent> events = page.events();
        long chars = 0;
        int kept = 0;
        for (int i = 0; i < events.size(); i++) {
            RoomEvent event = events.get(keepOldest ? i : events.size() - 1 - i);
            // The comma between array items counts too.
            chars += Json.write(Views.message(event)).length() + 1;
            if (kept > 0 && chars > limits.maxPageChars()) {
                break;
            }
            kept++;
        }
        if (kept == events.size()) {
            return page;
        }
        List<RoomEvent> cut = keepOldest ? events.subList(0, kept) : events.subList(events.size() - kept, events.size());
        return new EventStore.Page(List.copyOf(cut), true);
    }

    private EventStore.Page fetch(String roomId, ReadQuery query) {
        if (query.afterSeq() != null) {
            return events.after(roomId, query.afterSeq(), query.limit());
        }
        if (query.sinceMillis() != null) {
            return events.since(roomId, query.sinceMillis(), query.limit());
        }
        return events.before(roomId, query.beforeSeq() == null ? Long.MAX_VALUE : query.beforeSeq(), query.limit());
    }

    /**
     * Waits until the room's head moves past the cursor (one cheap read per tick), then reads;
     * null when the deadline passes first (the answer "nothing new").
     */
    private EventStore.Page longPoll(String roomId, ReadQuery query, long deadline, Runnable stillAllowed,
                                     boolean stillAllowedChecksRoom) {
        long nextCheck = clock.millis() + ACCESS_CHECK_MILLIS;
        long afterSeq = query.afterSeq() == null ? 0 : query.afterSeq();
        while (clock.millis() < deadline) {
            try {
                Thread.sleep(Math.min(limits.longPollIntervalMillis(), Math.max(1, deadline - clock.millis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (clock.millis() >= nextCheck) {
                stillAllowed.run();
                nextCheck = clock.millis() + ACCESS_CHECK_MILLIS;
            }
            // Eventually consistent (half the units of the ten checks a second a waiter makes): a lagging
            // answer only wakes it a moment later; the events are then read strongly, and whether the
            // caller may still read (the room not being deleted) is checked strongly as well.
            RoomStore.Head head = rooms.headEventually(roomId);
            if (head == null) {
                throw Refusals.roomGone();
            }
            boolean moved = query.sinceMillis() != null ? head.lastTsMillis() > query.sinceMillis() : head.lastSeq() > afterSeq;
            if (moved) {
                // A strong read confirms the room is not being deleted (the eventual one may lag its mark):
                // the caller's own check makes it when it reads the room strongly, else a read of the head.
                if (!stillAllowedChecksRoom && rooms.head(roomId) == null) {
                    throw Refusals.roomGone();
                }
                Metrics.process().count(Metric.LONG_POLL_WAKEUPS);
                // What arrived is for a caller that may still read it (not one signed out meanwhile).
                stillAllowed.run();
                ReadQuery from = query.sinceMillis() != null ? query
                        : new ReadQuery(afterSeq, null, null, query.limit(), 0);
                return fetch(roomId, from);
            }
        }
        return null;
    }

    private Optional<Sent> replay(String roomId, String scopedKey, String digest) {
        return idempotency.find(roomId, scopedKey, clock.instant().getEpochSecond()).map(record -> {
            if (!record.requestDigest().equals(digest)) {
                throw Refusal.conflict("This Idempotency-Key was already used for a different message.");
            }
            RoomEvent first = Views.parseMessage(record.response());
            return new Sent(first, true, reach.of(roomId, first.agentId()));
        });
    }

    /**
     * Checks a message before anything else happens (so bad input changes nothing, not even a
     * first-use join).
     */
    public void validate(String content, String idempotencyKey) {
        checkContent(content);
        if (idempotencyKey != null) {
            String key = idempotencyKey.trim();
            if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_CHARS
                    || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw Refusal.badRequest("An idempotency key (Idempotency-Key, client_id) must be 1 to " + MAX_IDEMPOTENCY_KEY_CHARS
                        + " visible ASCII characters.");
            }
        }
    }

    private void checkContent(String content) {
        if (content == null || content.isBlank()) {
            throw Refusal.badRequest("'content' is required: the text of your message.");
        }
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxContentBytes()) {
            throw new Refusal(ErrorCode.PAYLOAD_TOO_LARGE, "'content' is " + bytes + " bytes; the limit is "
                    + limits.maxContentBytes() + " bytes (UTF-8).");
        }
    }
}
