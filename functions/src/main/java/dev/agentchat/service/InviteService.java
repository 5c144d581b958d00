package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.model.Member;
import dev.agentchat.model.Role;
import dev.agentchat.model.Room;
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

    public Invite create(String roomId, String label, Role role, String template, PublicUrls urls) {
        Room room = rooms.find(roomId).orElseThrow(Refusals::roomNotFound);
        String key = secrets.newAgentKey();
        Member invite = Member.newKey(Secrets.sha256Hex(key), secrets.newId("key"), roomId, role, label,
                Timestamps.format(clock.millis()), null);
        switch (transactions.createInvite(invite, limits.maxKeysPerRoom())) {
            case KEY_LIMIT_REACHED:
                throw new Refusal(ErrorCode.LIMIT_EXCEEDED, "This room already has "
                        + limits.maxKeysPerRoom() + " invite keys, the most allowed.");
            case NO_SUCH_ROOM:
                throw Refusals.roomNotFound();
            default:
                return new Invite(invite.keyId(), key, label, role,
                        instructions.render(template, room, key, role.wire(), urls));
        }
    }
}
