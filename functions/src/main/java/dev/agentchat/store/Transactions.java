package dev.agentchat.store;

import dev.agentchat.model.Ban;
import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.Guard;
import dev.agentchat.model.HumanInvite;
import dev.agentchat.model.Member;
import dev.agentchat.model.NameSource;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.RoomHuman;
import dev.agentchat.model.SendToken;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Every write that spans tables, each one DynamoDB transaction; the only class that writes to more
 * than one table. Each table's store builds the steps on its own table (item mapping, conditions);
 * this class puts them together, so callers pass domain values and get outcomes back.
 *
 * <p>An append advances the room's counter from the value it read (so seq is gap-free and the
 * timestamp strictly increasing, whichever Lambda writes) and puts the event, together with what
 * the event implies for a key; a lost race is simply retried.
 */
public final class Transactions {
    private static final int MAX_ATTEMPTS = 40;
    /** Steps an append always writes before the caller's: the room's counter, then the event. */
    private static final int OWN_STEPS = 2;

    /** Why a room could not be created. */
    public enum CreateRoomOutcome { CREATED, ROOM_LIMIT_REACHED, NO_SUCH_USER }

    /** What accepting a human invite link did, or why it did nothing. */
    public enum AcceptOutcome { ACCEPTED, LINK_SPENT, ALREADY_IN_ROOM, KEY_UNUSABLE }

    /** Why an invite could not be stored. */
    public enum InviteOutcome { CREATED, KEY_LIMIT_REACHED, NO_SUCH_ROOM }

    /**
     * What a sent message's idempotency record holds.
     *
     * @param response the answer to remember, made from the event as written
     */
    public record Remembered(String scopedKey, String requestDigest, long expiresAtEpochSeconds,
                             Function<RoomEvent, String> response) {
    }

    /**
     * An agent's message as written, and the room's loop guard right after it (its turn spent).
     */
    public record Sent(RoomEvent event, Guard guard) {
    }

    /** An appended event and the room's counter it was appended after. */
    private record Appended(RoomEvent event, RoomStore.Head before) {
    }

    /** A step of an append after its own two, and the refusal its failed condition means. */
    record Step(TransactWriteItem item, AppendRefused.Reason onFailure) {
    }

    private final DynamoDbClient db;
    private final UserStore users;
    private final RoomStore rooms;
    private final ConnectionStore connections;
    private final MemberStore members;
    private final EventStore events;
    private final IdempotencyStore idempotency;
    private final HumanStore humans;
    private final HumanInviteStore humanInvites;
    private final Secrets secrets;
    private final Clock clock;
    private final AppendGate gate;

    /**
     * @param gate serialises appends per room within this process (the standalone server; Lambda
     *             passes {@link AppendGate#NONE})
     */
    public Transactions(DynamoDbClient db, TableNames tables, Secrets secrets, Clock clock, AppendGate gate) {
        this.db = db;
        this.users = new UserStore(db, tables.users());
        this.rooms = new RoomStore(db, tables.rooms());
        this.members = new MemberStore(db, tables.keys());
        this.connections = new ConnectionStore(db, tables.connections());
        this.events = new EventStore(db, tables.events());
        this.idempotency = new IdempotencyStore(db, tables.idempotency());
        this.humans = new HumanStore(db, tables.humans());
        this.humanInvites = new HumanInviteStore(db, tables.humanInvites());
        this.secrets = secrets;
        this.clock = clock;
        this.gate = gate;
    }

    /**
     * Creates the room, its first (admin) key and its first human (the owner), counting the room
     * against the owner's limit, all or nothing.
     */
    public CreateRoomOutcome createRoom(Room room, Member adminKey, RoomHuman owner, int maxRoomsPerUser) {
        try {
            Conditions.write(db, TransactWriteItemsRequest.builder().transactItems(
                    users.countRoomStep(room.ownerId(), maxRoomsPerUser),
                    rooms.putStep(room),
                    members.putStep(adminKey),
                    humans.putStep(owner)).build());
            return CreateRoomOutcome.CREATED;
        } catch (TransactionCanceledException e) {
            if (Conditions.failedAt(e, 0)) {
                return users.exists(room.ownerId()) ? CreateRoomOutcome.ROOM_LIMIT_REACHED
                        : CreateRoomOutcome.NO_SUCH_USER;
            }
            throw e;
        }
    }

    /**
     * Accepting a human invite link: the link is spent, the human joins the room (unless they are
     * in it already) and, for a {@code for_human} link, becomes the agent key's principal, all or
     * nothing.
     *
     * @param joining the human's new place in the room, or null if they are in it already
     */
    public AcceptOutcome acceptHumanInvite(HumanInvite invite, RoomHuman joining, String userId, String userName,
                                           long nowMillis) {
        List<TransactWriteItem> steps = new ArrayList<>();
        steps.add(humanInvites.useStep(invite.tokenHash(), userId, Timestamps.format(nowMillis), nowMillis));
        if (joining != null) {
            steps.add(humans.putStep(joining));
        }
        if (invite.agentKeyHash() != null) {
            steps.add(members.principalStep(invite.agentKeyHash(), userId, userName));
        }
        try {
            Conditions.write(db, TransactWriteItemsRequest.builder().transactItems(steps).build());
            return AcceptOutcome.ACCEPTED;
        } catch (TransactionCanceledException e) {
            int failed = Conditions.firstFailedCondition(e);
            if (failed == 0) {
                return AcceptOutcome.LINK_SPENT;
            }
            if (failed == 1 && joining != null) {
                return AcceptOutcome.ALREADY_IN_ROOM;
            }
            if (failed >= 1) {
                return AcceptOutcome.KEY_UNUSABLE;
            }
            throw e;
        }
    }

    /** Stores a new key, counting it against the room's key limit, all or nothing. */
    public InviteOutcome createInvite(Member key, int maxKeysPerRoom) {
        try {
            Conditions.write(db, TransactWriteItemsRequest.builder().transactItems(
                    rooms.countKeyStep(key.roomId(), maxKeysPerRoom),
                    members.putStep(key)).build());
            return InviteOutcome.CREATED;
        } catch (TransactionCanceledException e) {
            if (Conditions.failedAt(e, 0)) {
                return rooms.find(key.roomId()).isEmpty() ? InviteOutcome.NO_SUCH_ROOM : InviteOutcome.KEY_LIMIT_REACHED;
            }
            throw e;
        }
    }

    /**
     * Begins the room's deletion: marks the room (from now on it is gone for everyone), takes it
     * out of the public listing and gives its owner the room back on their limit, atomically;
     * false if the room was already gone or marked. Its contents are deleted afterwards, the room
     * item last ({@link RoomStore#removeDeleted}).
     */
    public boolean beginDeletion(Room room, long nowMillis) {
        try {
            Conditions.write(db, TransactWriteItemsRequest.builder().transactItems(
                    rooms.markDeletingStep(room.id(), nowMillis),
                    users.releaseRoomStep(room.ownerId())).build());
            return true;
        } catch (TransactionCanceledException e) {
            if (Conditions.failedAt(e, 0)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A key's first use: it becomes {@code claimed}'s agent, the room counts one more member, and
     * the join is logged.
     *
     * @throws AppendRefused ROOM_GUARD if the room is full, KEY_CHANGED if the key was claimed
     *                       or revoked meanwhile, NO_ROOM or CONTENDED
     */
    public RoomEvent claim(Member claimed, long nowMillis, ConnectionType connectionType, EventDraft join) {
        return claim(claimed, nowMillis, connectionType, join, null);
    }

    /**
     * As {@link #claim(Member, long, ConnectionType, EventDraft)}, appending first after {@code known},
     * the room's counter as the request already read it (null: read it now).
     */
    public RoomEvent claim(Member claimed, long nowMillis, ConnectionType connectionType, EventDraft join,
                           RoomStore.Head known) {
        String roomId = claimed.roomId();
        Function<RoomEvent, List<Step>> claimStep = event -> {
            List<Step> steps = new ArrayList<>();
            steps.add(new Step(members.claimStep(claimed, nowMillis, connectionType), AppendRefused.Reason.KEY_CHANGED));
            if (claimed.connectionId() != null) {
                // The socket that claims the key is bound to it in the same write (never refused).
                steps.add(new Step(connections.bindStep(claimed.connectionId(), roomId, claimed.keyHash(),
                        claimed.agentId(), nowMillis), AppendRefused.Reason.KEY_CHANGED));
            }
            return steps;
        };
        return gate.run(roomId, () -> appendNow(roomId, join, RoomGuard.addMember(), claimStep, known)).event();
    }

    /**
     * A public room's join: a new key, issued already claimed, takes a seat and a key slot, and
     * the join is logged.
     *
     * @throws AppendRefused ROOM_GUARD if the room is full or has no key slot left, NO_ROOM or CONTENDED
     */
    public RoomEvent joinPublic(Member claimedKey, int maxKeysPerRoom, EventDraft join) {
        return append(claimedKey.roomId(), join, RoomGuard.addMemberAndKey(maxKeysPerRoom), event -> List.of(
                new Step(members.putStep(claimedKey), AppendRefused.Reason.KEY_CHANGED)));
    }

    /**
     * A message from an agent: the event, the sender's activity (and its name, when the message
     * introduced it), and the idempotency record if any. The message spends one of the room's agent
     * turns, in the same update that advances the room's counter (so the loop guard costs no call).
     *
     * @param introName  the name found in the first message, or null
     * @param rest       whether the message came over REST (then it also counts as presence)
     * @param remembered the idempotency record to write with it, or null
     * @throws AppendRefused KEY_CHANGED if the sender's key is no longer usable, DUPLICATE_REQUEST
     *                       if a live record for the same idempotency key exists, ROOM_GUARD if the
     *                       room is paused or its turn budget is spent, NO_ROOM or CONTENDED
     */
    public Sent send(Member sender, EventDraft message, long nowMillis, String introName, boolean rest,
                     Remembered remembered) {
        return send(sender, message, nowMillis, introName, rest, remembered, null, null);
    }

    /**
     * As {@link #send(Member, EventDraft, long, String, boolean, Remembered)}, appending first after
     * {@code known}, the room's counter as the request already read it (null: read it now). A
     * counter out of date only costs a retry: the append's condition is on the stored counter.
     * With a {@code token} the message also spends the sender's send token on the key's
     * {@code send_tat} (see {@link MemberStore#senderStep}; if the stored cell no longer allows
     * it, KEY_CHANGED).
     */
    public Sent send(Member sender, EventDraft message, long nowMillis, String introName, boolean rest,
                     Remembered remembered, RoomStore.Head known, SendToken token) {
        long nowSeconds = nowMillis / 1000;
        Function<RoomEvent, List<Step>> extraSteps = event -> {
            List<Step> steps = new ArrayList<>();
            steps.add(new Step(members.senderStep(sender, nowMillis, introName, rest, token),
                    AppendRefused.Reason.KEY_CHANGED));
            if (remembered != null) {
                steps.add(new Step(idempotency.putStep(sender.roomId(), remembered.scopedKey(),
                        new IdempotencyStore.Record(remembered.requestDigest(), remembered.response().apply(event),
                                remembered.expiresAtEpochSeconds()), nowSeconds),
                        AppendRefused.Reason.DUPLICATE_REQUEST));
            }
            return steps;
        };
        Appended sent = gate.run(sender.roomId(),
                () -> appendNow(sender.roomId(), message, RoomGuard.spendTurn(), extraSteps, known));
        Guard before = sent.before().guard();
        return new Sent(sent.event(), new Guard(before.budget(), before.used() + 1, before.pausedAtMillis()));
    }

    /**
     * A verified human's message: the event, with the agents' turn budget made whole again, and
     * the idempotency record if any.
     *
     * @throws AppendRefused DUPLICATE_REQUEST if a live record for the same idempotency key exists,
     *                       NO_ROOM or CONTENDED
     */
    public RoomEvent humanPost(String roomId, EventDraft message, long nowMillis, Remembered remembered) {
        return humanPost(roomId, message, nowMillis, remembered, null);
    }

    /**
     * As {@link #humanPost(String, EventDraft, long, Remembered)}, appending first after
     * {@code known}, the room's counter as the request already read it (null: read it now).
     */
    public RoomEvent humanPost(String roomId, EventDraft message, long nowMillis, Remembered remembered,
                               RoomStore.Head known) {
        long nowSeconds = nowMillis / 1000;
        return append(roomId, message, RoomGuard.refill(), known, event -> remembered == null ? List.of() : List.of(
                new Step(idempotency.putStep(roomId, remembered.scopedKey(),
                        new IdempotencyStore.Record(remembered.requestDigest(), remembered.response().apply(event),
                                remembered.expiresAtEpochSeconds()), nowSeconds),
                        AppendRefused.Reason.DUPLICATE_REQUEST)));
    }

    /**
     * Pauses the room with {@code note} (a system event), unless it is paused already; with
     * {@code onlyIfSpent}, only if its agents have spent their turn budget.
     *
     * @return the note, or empty if there was nothing to pause
     * @throws AppendRefused NO_ROOM or CONTENDED
     */
    public Optional<RoomEvent> pause(String roomId, long nowMillis, boolean onlyIfSpent, EventDraft note) {
        return unlessGuarded(() -> append(roomId, note, RoomGuard.pause(nowMillis, onlyIfSpent), event -> List.of()));
    }

    /**
     * Resumes a paused room (or one whose budget is spent) with {@code note}, refilling the budget.
     *
     * @return the note, or empty if the room was not paused
     * @throws AppendRefused NO_ROOM or CONTENDED
     */
    public Optional<RoomEvent> resume(String roomId, EventDraft note) {
        return unlessGuarded(() -> append(roomId, note, RoomGuard.resume(), event -> List.of()));
    }

    /**
     * Archives (read-only) or unarchives the room with {@code note}.
     *
     * @return the note, or empty if the room already was so
     * @throws AppendRefused NO_ROOM or CONTENDED
     */
    public Optional<RoomEvent> archive(String roomId, boolean archive, long nowMillis, EventDraft note) {
        return unlessGuarded(() -> append(roomId, note,
                archive ? RoomGuard.archive(nowMillis) : RoomGuard.unarchive(), event -> List.of()));
    }

    private static Optional<RoomEvent> unlessGuarded(Supplier<RoomEvent> append) {
        try {
            return Optional.of(append.get());
        } catch (AppendRefused refused) {
            if (refused.reason() == AppendRefused.Reason.ROOM_GUARD) {
                return Optional.empty();
            }
            throw refused;
        }
    }

    /**
     * An already-claimed agent is here again.
     *
     * @throws AppendRefused NO_ROOM, or KEY_CHANGED if the key's agent is gone
     */
    public RoomEvent announce(Member member, EventDraft join) {
        return append(member.roomId(), join, RoomGuard.NONE, event -> List.of(
                new Step(members.presentStep(member.keyHash()), AppendRefused.Reason.KEY_CHANGED)));
    }

    /**
     * An agent went away, logged once: with {@code connectionId}, only while that connection is
     * still the agent's current one; without, only while the agent stayed silent since it was read.
     *
     * @throws AppendRefused KEY_CHANGED if the condition no longer holds (nothing to announce)
     */
    public RoomEvent leave(Member member, String connectionId, EventDraft leave) {
        return append(member.roomId(), leave, RoomGuard.NONE, event -> List.of(new Step(
                members.leftStep(member.keyHash(), connectionId, member.lastSeenMillis()),
                AppendRefused.Reason.KEY_CHANGED)));
    }

    /**
     * An agent with no socket leaves of its own accord, logged once.
     *
     * @throws AppendRefused KEY_CHANGED if it is not present (already gone, revoked) or holds a socket now
     */
    public RoomEvent leaveByChoice(Member member, EventDraft leave) {
        return append(member.roomId(), leave, RoomGuard.NONE, event -> List.of(new Step(
                members.leftByChoiceStep(member.keyHash()), AppendRefused.Reason.KEY_CHANGED)));
    }

    /**
     * Takes a key away (revoke, kick, ban): the key stops working, the room frees its slot and
     * (if claimed) its seat, and {@code note} says what happened.
     *
     * @param reason why, as stored on the key
     * @throws AppendRefused KEY_CHANGED if the key was revoked already, NO_ROOM or CONTENDED
     */
    public RoomEvent revoke(Member member, String reason, long nowMillis, EventDraft note) {
        return revoke(member, reason, nowMillis, note, null);
    }

    /** As {@link #revoke(Member, String, long, EventDraft)}, recording on the key who did it ({@code by}, for a ban). */
    public RoomEvent revoke(Member member, String reason, long nowMillis, EventDraft note, Ban.By by) {
        return append(member.roomId(), note, RoomGuard.freeSlot(member.claimed()), event -> List.of(
                new Step(members.revokeStep(member.keyHash(), reason, nowMillis, by), AppendRefused.Reason.KEY_CHANGED)));
    }

    /**
     * Appends a system note that implies nothing else (e.g. that a webhook was disabled).
     *
     * @throws AppendRefused NO_ROOM or CONTENDED
     */
    public RoomEvent note(String roomId, EventDraft note) {
        return append(roomId, note);
    }

    /**
     * An agent takes a new name, and {@code note} (a system event) tells the room.
     *
     * @throws AppendRefused KEY_CHANGED if the key is no longer usable, NO_ROOM or CONTENDED
     */
    public RoomEvent rename(Member member, String name, NameSource source, EventDraft note) {
        return append(member.roomId(), note, RoomGuard.NONE, event -> List.of(
                new Step(members.renameStep(member.keyHash(), name, source), AppendRefused.Reason.KEY_CHANGED)));
    }

    /**
     * Deletes a message's text (see {@link EventStore#redactStep}) and appends {@code note}, the
     * system event that tells live viewers, together.
     *
     * @throws AppendRefused KEY_CHANGED if the event is not an unredacted message (any more), NO_ROOM or CONTENDED
     */
    public RoomEvent redact(String roomId, long seq, EventDraft note) {
        return append(roomId, note, RoomGuard.NONE, event -> List.of(
                new Step(events.redactStep(roomId, seq), AppendRefused.Reason.KEY_CHANGED)));
    }

    /**
     * Lifts a ban on the key (it stays revoked) with {@code note}.
     *
     * @throws AppendRefused KEY_CHANGED if the key is not banned (any more), NO_ROOM or CONTENDED
     */
    public RoomEvent unban(String keyHash, String roomId, EventDraft note) {
        return append(roomId, note, RoomGuard.NONE, event -> List.of(
                new Step(members.unbanStep(keyHash), AppendRefused.Reason.KEY_CHANGED)));
    }

    /** Appends an event that implies nothing else. */
    RoomEvent append(String roomId, EventDraft draft) {
        return append(roomId, draft, RoomGuard.NONE, event -> List.of());
    }

    /**
     * Appends an event, together with further steps, in one transaction.
     *
     * @param extraSteps steps written atomically with the event (built from the final event)
     * @throws AppendRefused if the room is gone, the guard or a step's condition failed, or the
     *                       room stayed contended through every attempt
     */
    RoomEvent append(String roomId, EventDraft draft, RoomGuard guard, Function<RoomEvent, List<Step>> extraSteps) {
        return append(roomId, draft, guard, null, extraSteps);
    }

    /** As {@link #append(String, EventDraft, RoomGuard, Function)}, first after {@code known} (null: read it). */
    private RoomEvent append(String roomId, EventDraft draft, RoomGuard guard, RoomStore.Head known,
                             Function<RoomEvent, List<Step>> extraSteps) {
        return gate.run(roomId, () -> appendNow(roomId, draft, guard, extraSteps, known)).event();
    }

    private Appended appendNow(String roomId, EventDraft draft, RoomGuard guard,
                                Function<RoomEvent, List<Step>> extraSteps, RoomStore.Head known) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            RoomStore.Head head = attempt == 0 && known != null ? known : rooms.head(roomId);
            if (head == null) {
                throw new AppendRefused(AppendRefused.Reason.NO_ROOM);
            }
            long seq = head.lastSeq() + 1;
            long ts = Math.max(clock.millis(), head.lastTsMillis() + 1);
            RoomEvent event = new RoomEvent(secrets.newId("msg"), roomId, seq, draft.agentId(), draft.fromName(),
                    draft.senderKind(), draft.content(), Timestamps.format(ts), draft.type(), draft.reason(),
                    draft.mentions());
            List<Step> extra = extraSteps.apply(event);
            List<TransactWriteItem> steps = new ArrayList<>(OWN_STEPS + extra.size());
            steps.add(rooms.advanceHeadStep(roomId, head, seq, ts, guard));
            steps.add(events.putStep(event, head.expiresAtSeconds(ts)));
            extra.forEach(step -> steps.add(step.item()));
            try {
                db.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(steps).build());
                return new Appended(event, head);
            } catch (TransactionCanceledException e) {
                if (!Conditions.conflicted(e)) {
                    int failed = Conditions.firstFailedCondition(e);
                    if (failed >= OWN_STEPS) {
                        throw new AppendRefused(extra.get(failed - OWN_STEPS).onFailure());
                    }
                    if (failed == 0) {
                        RoomStore.Head now = rooms.head(roomId);
                        if (now == null) {
                            throw new AppendRefused(AppendRefused.Reason.NO_ROOM);
                        }
                        if (now.lastSeq() == head.lastSeq()) {
                            throw new AppendRefused(AppendRefused.Reason.ROOM_GUARD);
                        }
                    }
                }
                backOff(attempt);
            }
        }
        throw new AppendRefused(AppendRefused.Reason.CONTENDED);
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1 + Math.min(25, 1 << Math.min(attempt, 5))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppendRefused(AppendRefused.Reason.CONTENDED);
        }
    }
}
