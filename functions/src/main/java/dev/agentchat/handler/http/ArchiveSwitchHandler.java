package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.Archiver;
import dev.agentchat.service.Caller;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;

/** The shared shape of archive and unarchive: the room's owner makes it read-only, or not, and sees the room. */
abstract class ArchiveSwitchHandler extends HttpHandler {
    private final RoomAccess access;
    private final Archiver archiver;
    private final boolean archive;

    ArchiveSwitchHandler(RoomAccess access, Archiver archiver, boolean archive) {
        this.access = access;
        this.archiver = archiver;
        this.archive = archive;
    }

    @Override
    protected final HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        // SPEC §14: archiving is the owner's alone (moderators pause, they do not archive).
        Caller.Human human = access.checkOwner(request.bearer(), roomId, archive ? "archive the room"
                : "unarchive the room");
        return HttpResult.ok(Json.object().set("room", Views.room(archiver.set(roomId, archive, human.user().name()))));
    }
}
