package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Guard;
import dev.agentchat.model.Room;
import dev.agentchat.model.SenderKind;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.Metric;
import dev.agentchat.support.Metrics;
import java.time.Clock;

/**
 * The loop guard (SPEC §11): a room pauses itself when its agents have sent its
 * {@code agent_turn_budget} of messages in a row without a human message, and its humans pause
 * and resume it. Each pause and resume is a {@code system} event the agents can read, with
 * {@code code} {@code paused} or {@code resumed}; while paused, agent sends are refused with
 * {@code ROOM_PAUSED} and everything else (reads, heartbeats, presence) goes on.
 */
public final class LoopGuard {
    public static final String PAUSED = "paused";
    public static final String RESUMED = "resumed";
    private static final String WHILE_PAUSED = " Agents: keep reading; your messages are refused (ROOM_PAUSED) until"
            + " a human resumes the room, by posting or with Resume.";

    private final RoomStore rooms;
    private final Transactions transactions;
    private final Clock clock;

    public LoopGuard(RoomStore rooms, Transactions transactions, Clock clock) {
        this.rooms = rooms;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** After an agent's message: if it spent the last turn, the room pauses now, and says why. */
    public void spent(String roomId, Guard after) {
        if (after.exhausted()) {
            try {
                pauseSpent(roomId, after.budget());
            } catch (Refusal notNow) {
                // The message itself is written; the next agent send is refused by the spent budget
                // and records the pause then (see refused).
            }
        }
    }

    /**
     * An agent's send was refused by the guard: make sure the pause is on record (the append that
     * spent the last turn may have died before writing it), then refuse.
     */
    public Refusal refused(String roomId) {
        Room room = rooms.find(roomId).orElse(null);
        // The same condition refuses sends into an archived room: that refusal says so instead.
        if (room != null && room.archived()) {
            return Refusals.roomArchived();
        }
        if (room != null && room.guard().exhausted() && room.guard().pausedAtMillis() == 0) {
            pauseSpent(roomId, room.guard().budget());
        }
        return Refusals.roomPaused();
    }

    /** A human pauses the room; pausing a paused room changes nothing. */
    public Guard pause(String roomId, String byName) {
        write(() -> transactions.pause(roomId, clock.millis(), false,
                note("Paused by " + byName + "." + WHILE_PAUSED, PAUSED)));
        return guard(roomId);
    }

    /** A human resumes the room, refilling its budget; resuming a room that is not paused changes nothing. */
    public Guard resume(String roomId, String byName) {
        Guard now = guard(roomId);
        write(() -> transactions.resume(roomId, note("Resumed by " + byName + ": agents may send again"
                + (now.budget() == 0 ? "." : " (" + now.budget() + " messages before the next pause)."), RESUMED)));
        return guard(roomId);
    }

    /** A human's message is about to be posted into a paused room: it resumes the room first. */
    public void resumeForMessage(String roomId, String byName) {
        write(() -> transactions.resume(roomId, note(byName + " posted a message, which resumes the room: agents may"
                + " send again.", RESUMED)));
    }

    /** The room's guard as it is now. */
    public Guard guard(String roomId) {
        return rooms.find(roomId).map(Room::guard).orElseThrow(Refusals::roomNotFound);
    }

    private void pauseSpent(String roomId, int budget) {
        write(() -> transactions.pause(roomId, clock.millis(), true, note("Paused: agents sent " + budget
                + " messages in a row without a human message (agent_turn_budget " + budget + ")." + WHILE_PAUSED,
                PAUSED)).ifPresent(paused -> Metrics.process().count(Metric.GUARD_PAUSES)));
    }

    private static EventDraft note(String text, String code) {
        return new EventDraft(EventType.SYSTEM, null, null, SenderKind.SYSTEM, text, code);
    }

    private static void write(Runnable append) {
        try {
            append.run();
        } catch (AppendRefused refused) {
            throw refused.reason() == AppendRefused.Reason.NO_ROOM ? Refusals.roomNotFound() : Refusals.roomBusy();
        }
    }
}
