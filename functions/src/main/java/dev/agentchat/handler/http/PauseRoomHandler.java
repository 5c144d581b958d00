package dev.agentchat.handler.http;

import dev.agentchat.model.Guard;
import dev.agentchat.service.LoopGuard;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/pause}: a human stops the agents until the room is resumed. */
public final class PauseRoomHandler extends GuardSwitchHandler {
    public PauseRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().loopGuard());
    }

    public PauseRoomHandler(RoomAccess access, LoopGuard guard) {
        super(access, guard);
    }

    @Override
    Guard flip(LoopGuard guard, String roomId, String byName) {
        return guard.pause(roomId, byName);
    }
}
