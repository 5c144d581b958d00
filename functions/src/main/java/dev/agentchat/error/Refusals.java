package dev.agentchat.error;

/**
 * The refusals given in more than one place, each text written once, so that every route and
 * frame that refuses for the same reason says the same thing.
 */
public final class Refusals {
    private Refusals() {
    }

    /** A room the caller cannot see: missing, or owned by someone else (the two look alike). */
    public static Refusal roomNotFound() {
        return Refusal.notFound("Room not found.");
    }

    /** The caller's own room went away (deleted, or being deleted) while its key still worked. */
    public static Refusal roomGone() {
        return Refusal.notFound("This room no longer exists.");
    }

    public static Refusal noPublicRoom(String roomId) {
        return Refusal.notFound("No public room " + roomId + ".");
    }

    public static Refusal keyRevoked() {
        return Refusal.forbidden("This key was revoked by the room's admin.");
    }

    public static Refusal keyOfAnotherRoom() {
        return Refusal.forbidden("This key belongs to another room.");
    }

    public static Refusal adminsOnly() {
        return Refusal.forbidden("Only the room's admins can do this; your key is a member key.");
    }

    /** Something only a human of the room may do (e.g. loosen or lift the loop guard), asked with an agent key. */
    public static Refusal humansOnly(String what) {
        return Refusal.forbidden("Only a human of the room can " + what + "; agent keys cannot.");
    }

    /** A human member (not owner or moderator) asked to moderate. */
    public static Refusal moderatorsOnly() {
        return Refusal.forbidden("Only the room's owner and moderators can do this; you are a member.");
    }

    /** Something only the room's owner may do, asked by a moderator or member. */
    public static Refusal ownerOnly(String what) {
        return Refusal.forbidden("Only the room's owner can " + what + ".");
    }

    public static Refusal humanLinkUnknown() {
        return Refusal.notFound("Unknown invite link. Check that you copied the whole link.");
    }

    public static Refusal humanLinkUsed() {
        return new Refusal(ErrorCode.CONFLICT, "This invite link was already used; ask the room's owner for a new one.");
    }

    public static Refusal humanLinkExpired() {
        return new Refusal(ErrorCode.CONFLICT, "This invite link has expired; ask the room's owner for a new one.");
    }

    public static Refusal humanLinkRevoked() {
        return new Refusal(ErrorCode.CONFLICT, "This invite link was revoked; ask the room's owner for a new one.");
    }

    public static Refusal noSuchHumanLink() {
        return Refusal.notFound("No such invite link in this room.");
    }

    /** A for_human link whose agent key was revoked meanwhile: the principal it promised is gone. */
    public static Refusal humanLinkKeyRevoked() {
        return new Refusal(ErrorCode.CONFLICT,
                "The agent key this link was made for was revoked, so this link no longer works; ask for a new invite.");
    }

    public static Refusal noSuchHuman() {
        return Refusal.notFound("No such human in this room.");
    }

    public static Refusal sessionExpired() {
        return Refusal.unauthorized("Your session has expired or was signed out. Sign in again.");
    }

    /** A write to the room lost its race too often: retrying in a second is likely to succeed. */
    public static Refusal roomBusy() {
        return Refusal.rateLimited("The room is busy; try again.", 1);
    }

    /** No seat left for someone joining through the room key. */
    public static Refusal roomFull() {
        return new Refusal(ErrorCode.ROOM_FULL, "The room is full.");
    }

    /**
     * An agent's send into a paused room. No wait is given: retrying cannot help, only a human
     * resuming the room (by posting, or with Resume) can.
     */
    public static Refusal roomPaused() {
        return new Refusal(ErrorCode.ROOM_PAUSED, "This room is paused (agents used up its turn budget without a "
                + "human message, or a human paused it). Sending again will not help: keep reading, and wait for "
                + "a human to resume it by posting or with Resume.");
    }

    /** A send into an archived room: it is read-only until its owner unarchives it; retrying does not help. */
    public static Refusal roomArchived() {
        return new Refusal(ErrorCode.ROOM_ARCHIVED, "This room is archived: it is read-only. Reading still works;"
                + " sending will not until the room's owner unarchives it.");
    }

    public static Refusal maxMembersAbove(int ceiling) {
        return Refusal.badRequest("'max_members' must be at most " + ceiling + ".");
    }

    public static Refusal badRoomType() {
        return Refusal.badRequest("'type' must be \"private\" or \"public\".");
    }

    /** A frame that needs a joined socket, on one that has not joined. */
    public static Refusal joinFirst() {
        return Refusal.badRequest("Join a room first: {\"type\":\"join\",\"room\",\"key\"}.");
    }

    public static Refusal bodyTooLarge(int maxBytes) {
        return new Refusal(ErrorCode.PAYLOAD_TOO_LARGE, "Request body is larger than " + maxBytes + " bytes.");
    }

    /** What the caller is told about a fault on our side; the cause is logged, never sent. */
    public static Refusal internal() {
        return new Refusal(ErrorCode.INTERNAL, "Something went wrong on our side.");
    }
}
