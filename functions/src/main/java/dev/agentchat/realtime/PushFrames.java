package dev.agentchat.realtime;

import dev.agentchat.error.ErrorCode;
import dev.agentchat.model.RoomEvent;

/**
 * The frames realtime pushes without being asked: room events (fan-out), the sweeper's pings,
 * and why a socket is being closed. The ws transport writes them, so realtime knows no wire format.
 */
public interface PushFrames {
    String event(RoomEvent event);

    String ping();

    /** What a socket gets when its agent left the room (by a {@code leave} frame or over REST). */
    String left(RealtimeService.Left left);

    /** The error frame a socket gets just before it is closed. */
    String closing(ErrorCode code, String message);
}
