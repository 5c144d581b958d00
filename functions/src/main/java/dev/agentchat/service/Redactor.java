package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.json.Views;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Redactions;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.SenderKind;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.EventStore;
import dev.agentchat.store.IdempotencyStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.Json;

/**
 * Deletes a single message for good: its stored text is overwritten (and so is the copy an
 * idempotency record keeps for replays), the message keeps its seq marked {@code redacted}, and a
 * system note tells everyone watching which seq to blank. Deleting it again changes nothing.
 */
public final class Redactor {
    private final EventStore events;
    private final Transactions transactions;
    private final IdempotencyStore idempotency;

    public Redactor(EventStore events, Transactions transactions, IdempotencyStore idempotency) {
        this.events = events;
        this.transactions = transactions;
        this.idempotency = idempotency;
    }

    /** Parses the path's seq: a positive whole number, else a 400 naming it. */
    public static long parseSeq(String raw) {
        try {
            long seq = Long.parseLong(raw);
            if (seq >= 1) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Refusal.badRequest("The message is named by its 'seq', a whole number from 1.");
    }

    /**
     * Redacts the message at {@code seq} in {@code roomId}, in the name of {@code byName}.
     *
     * @return the message as it reads from now on
     */
    public RoomEvent redact(String roomId, long seq, String byName) {
        RoomEvent event = find(roomId, seq);
        if (event.type() != EventType.MESSAGE) {
            throw Refusal.badRequest("Event " + seq + " is a " + event.type().wire() + " event; only messages can be deleted.");
        }
        if (!Redactions.isRedacted(event)) {
            String whose = event.fromName() == null ? "someone" : event.fromName();
            EventDraft note = new EventDraft(EventType.SYSTEM, null, null, SenderKind.SYSTEM,
                    "A message from " + whose + " (#" + seq + ") was deleted by " + byName + ".",
                    Redactions.noteReason(seq));
            try {
                transactions.redact(roomId, seq, note);
            } catch (AppendRefused refused) {
                switch (refused.reason()) {
                    case KEY_CHANGED -> {
                        // Redacted meanwhile by someone else: the outcome is the same.
                    }
                    case NO_ROOM -> throw Refusals.roomGone();
                    default -> throw Refusals.roomBusy();
                }
            }
            event = find(roomId, seq);
        }
        // Also after a repeat: a replay record written just before the first redaction is caught here.
        idempotency.rewriteResponses(roomId, event.id(), Json.write(Views.message(event)));
        return event;
    }

    private RoomEvent find(String roomId, long seq) {
        return events.get(roomId, seq).orElseThrow(() -> Refusal.notFound("No message " + seq + " in this room."));
    }
}
