package dev.agentchat.handler.http;

import dev.agentchat.service.Archiver;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/archive}: the owner makes the room read-only (sends get 409 ROOM_ARCHIVED). */
public final class ArchiveRoomHandler extends ArchiveSwitchHandler {
    public ArchiveRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().archiver());
    }

    public ArchiveRoomHandler(RoomAccess access, Archiver archiver) {
        super(access, archiver, true);
    }
}
