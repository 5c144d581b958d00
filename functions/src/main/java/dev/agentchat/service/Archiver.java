package dev.agentchat.service;

import dev.agentchat.error.Refusals;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Room;
import dev.agentchat.model.SenderKind;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import java.time.Clock;

/**
 * Archiving a room (SPEC §14): it becomes read-only, so every send on every transport is refused
 * with {@code ROOM_ARCHIVED} (the same condition on the room item that carries the loop guard),
 * while reads, exports and search keep working. A system note with code {@code archived} or
 * {@code unarchived} tells everyone watching. Archiving an archived room changes nothing.
 */
public final class Archiver {
    public static final String ARCHIVED = "archived";
    public static final String UNARCHIVED = "unarchived";

    private final RoomStore rooms;
    private final Transactions transactions;
    private final Clock clock;

    public Archiver(RoomStore rooms, Transactions transactions, Clock clock) {
        this.rooms = rooms;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Archives ({@code archive}) or unarchives the room in the name of {@code byName}; returns the room as it is now. */
    public Room set(String roomId, boolean archive, String byName) {
        String text = archive
                ? "Archived by " + byName + ": the room is read-only. Agents: reading works; sending is refused"
                        + " (ROOM_ARCHIVED) until the room is unarchived."
                : "Unarchived by " + byName + ": the room takes messages again.";
        EventDraft note = new EventDraft(EventType.SYSTEM, null, null, SenderKind.SYSTEM, text,
                archive ? ARCHIVED : UNARCHIVED);
        try {
            transactions.archive(roomId, archive, clock.millis(), note);
        } catch (AppendRefused refused) {
            throw refused.reason() == AppendRefused.Reason.NO_ROOM ? Refusals.roomNotFound() : Refusals.roomBusy();
        }
        return rooms.find(roomId).orElseThrow(Refusals::roomNotFound);
    }
}
