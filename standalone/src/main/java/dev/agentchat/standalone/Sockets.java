package dev.agentchat.standalone;

import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live sockets by connection id, as API Gateway keeps them. A socket is registered before
 * its {@code $connect} runs, so frames pushed to it in the meantime wait instead of being lost.
 */
final class Sockets {
    /** One connection: its channel once upgraded, frames waiting for it, and what GET reports. */
    static final class Socket {
        final String id;
        final String sourceIp;
        final String userAgent;
        final long connectedAtMillis = System.currentTimeMillis();
        volatile long lastActiveMillis = connectedAtMillis;
        private WebSocketChannel channel;
        private final List<String> waiting = new ArrayList<>();
        private boolean closeRequested;

        Socket(String id, String sourceIp, String userAgent) {
            this.id = id;
            this.sourceIp = sourceIp;
            this.userAgent = userAgent;
        }

        synchronized void attach(WebSocketChannel channel) {
            this.channel = channel;
            for (String frame : waiting) {
                sendNow(frame);
            }
            waiting.clear();
            if (closeRequested) {
                closeNow();
            }
        }

        synchronized void send(String frame) {
            if (channel == null) {
                waiting.add(frame);
            } else {
                sendNow(frame);
            }
        }

        synchronized void close() {
            if (channel == null) {
                closeRequested = true;
            } else {
                closeNow();
            }
        }

        private void sendNow(String frame) {
            try {
                WebSockets.sendTextBlocking(frame, channel);
            } catch (IOException e) {
                throw new SocketGone();
            }
        }

        private void closeNow() {
            try {
                // A proper close frame first (like API Gateway), then the connection.
                WebSockets.sendCloseBlocking(CloseMessage.NORMAL_CLOSURE, "closed by the server", channel);
            } catch (IOException e) {
                // A broken socket: closing it below is all there is to do.
            }
            try {
                channel.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }

    /** The socket is closed or broken. */
    static final class SocketGone extends RuntimeException {
        SocketGone() {
            super(null, null, false, false);
        }
    }

    private final Map<String, Socket> byId = new ConcurrentHashMap<>();

    Socket register(String id, String sourceIp, String userAgent) {
        Socket socket = new Socket(id, sourceIp, userAgent);
        byId.put(id, socket);
        return socket;
    }

    Socket find(String id) {
        return byId.get(id);
    }

    void remove(String id) {
        byId.remove(id);
    }

    int count() {
        return byId.size();
    }
}
