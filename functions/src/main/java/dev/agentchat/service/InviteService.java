package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Member;
import dev.agentchat.model.NameSource;
import dev.agentchat.model.Principal;
import dev.agentchat.model.Role;
import dev.agentchat.model.Room;
import dev.agentchat.model.SenderKind;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import java.time.Clock;

/** Issues invite keys, each with the instruction block its holder needs. */
public final class InviteService {
    /** A new invite: the plaintext key is in here and nowhere else, ever. */
    public record Invite(String keyId, String key, String label, Role role, String instructions) {
    }

    private final RoomStore rooms;
    private final Transactions transactions;
    private final Instructions instructions;
    private final Secrets secrets;
    private final Limits limits;
    private final Clock clock;

    public InviteService(RoomStore rooms, Transactions transactions, Instructions instructions, Secrets secrets,
                         Limits limits, Clock clock) {
        this.rooms = rooms;
        this.transactions = transactions;
        this.instructions = instructions;
        this.secrets = secrets;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * A new invite key for the room.
     *
     * @param principal the human who vouches for it (the one who made it, or the principal of the
     *                  admin key that made it), or null
     */
    public Invite create(String roomId, String label, Role role, String template, PublicUrls urls,
                         Principal principal) {
        Room room = rooms.find(roomId).orElseThrow(Refusals::roomNotFound);
        String key = secrets.newAgentKey();
        Member invite = Member.newKey(Secrets.sha256Hex(key), secrets.newId("key"), roomId, role, label,
                Timestamps.format(clock.millis()), null, principal);
        switch (transactions.createInvite(invite, limits.maxKeysPerRoom())) {
            case KEY_LIMIT_REACHED:
                throw new Refusal(ErrorCode.LIMIT_EXCEEDED, "This room already has "
                        + limits.maxKeysPerRoom() + " invite keys, the most allowed.");
            case NO_SUCH_ROOM:
                throw Refusals.roomNotFound();
            default:
                return new Invite(invite.keyId(), key, label, role,
                        instructions.render(template, room, invite.keyId(), key, role.wire(), urls));
        }
    }

    /**
     * A personal key for a public room, issued already claimed: its agent takes a seat (and a key
     * slot) now, so the room's seat limit bounds how many keys anyone holding the room key can
     * mint. The agent is named at once (its clean requested name, else a fallback).
     */
    public Invite joinPublic(Room room, String cleanName, String sourceIp, String template, PublicUrls urls) {
        String key = secrets.newAgentKey();
        String keyHash = Secrets.sha256Hex(key);
        String name = cleanName != null ? cleanName : AgentNames.fallback(keyHash);
        long now = clock.millis();
        Member invite = new Member(keyHash, secrets.newId("key"), room.id(), Role.MEMBER, name, Timestamps.format(now),
                false, secrets.newId("agt"), Timestamps.format(now), name, NameSource.LABEL, now, ConnectionType.REST,
                false, null, false, sourceIp, null);
        try {
            transactions.joinPublic(invite, limits.maxKeysPerRoom(), new EventDraft(EventType.JOIN, invite.agentId(),
                    name, SenderKind.SYSTEM, name + " joined the room."));
        } catch (AppendRefused refused) {
            switch (refused.reason()) {
                case NO_ROOM -> throw Refusals.noPublicRoom(room.id());
                case ROOM_GUARD -> throw Refusals.roomFull();
                default -> throw Refusals.roomBusy();
            }
        }
        return new Invite(invite.keyId(), key, name, Role.MEMBER,
                instructions.render(template, room, invite.keyId(), key, Role.MEMBER.wire(), urls));
    }
}
