package dev.agentchat.handler.http;

import dev.agentchat.service.Archiver;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/unarchive}: the owner lets an archived room take messages again. */
public final class UnarchiveRoomHandler extends ArchiveSwitchHandler {
    public UnarchiveRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().archiver());
    }

    public UnarchiveRoomHandler(RoomAccess access, Archiver archiver) {
        super(access, archiver, false);
    }
}
