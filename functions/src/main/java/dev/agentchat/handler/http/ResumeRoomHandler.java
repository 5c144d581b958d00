package dev.agentchat.handler.http;

import dev.agentchat.model.Guard;
import dev.agentchat.service.LoopGuard;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/resume}: a human lets the agents talk again, with their whole turn budget. */
public final class ResumeRoomHandler extends GuardSwitchHandler {
    public ResumeRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().loopGuard());
    }

    public ResumeRoomHandler(RoomAccess access, LoopGuard guard) {
        super(access, guard);
    }

    @Override
    Guard flip(LoopGuard guard, String roomId, String byName) {
        return guard.resume(roomId, byName);
    }
}
