package dev.agentchat.standalone;

import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The live sockets by connection id, as API Gateway keeps them. A socket is registered before
 * its {@code $connect} runs, so frames pushed to it in the meantime wait instead of being lost.
 *
 * <p>Sending never waits for the client (API Gateway's {@code PostToConnection} does not
 * either): a frame is queued on the socket and written as the client reads. A client that
 * lets more than {@link #MAX_UNSENT_BYTES} pile up is not reading; it is disconnected, so one
 * stalled reader costs a bounded buffer and holds up nobody (SPEC §7).
 */
final class Sockets {
    private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);
    /** Frames queued for one socket and not yet taken by its client, beyond which it is dropped. */
    static final long MAX_UNSENT_BYTES = 1024 * 1024;
    /** How long a closing socket gets to take its close frame before the connection is cut. */
    private static final long CLOSE_GRACE_MILLIS = 2_000;

    /** One connection: its channel once upgraded, frames waiting for it, and what GET reports. */
    static final class Socket {
        final String id;
        final String sourceIp;
        final String userAgent;
        final long connectedAtMillis = System.currentTimeMillis();
        volatile long lastActiveMillis = connectedAtMillis;
        // Counted outside the lock: Undertow reports written frames from its I/O thread.
        private final AtomicLong unsentBytes = new AtomicLong();
        private WebSocketChannel channel;
        private final List<ByteBuffer> waiting = new ArrayList<>();
        private boolean closeRequested;
        private boolean dropped;

        Socket(String id, String sourceIp, String userAgent) {
            this.id = id;
            this.sourceIp = sourceIp;
            this.userAgent = userAgent;
        }

        synchronized void attach(WebSocketChannel channel) {
            this.channel = channel;
            for (ByteBuffer frame : waiting) {
                sendNow(frame);
            }
            waiting.clear();
            if (closeRequested) {
                closeNow();
            }
        }

        /**
         * Queues a text frame (UTF-8) and returns at once; the lock only keeps frames in call order.
         *
         * @throws SocketGone if the socket is closed, or was just dropped for not reading
         */
        synchronized void send(byte[] frame) {
            if (dropped || (channel != null && !channel.isOpen())) {
                throw new SocketGone();
            }
            if (unsentBytes.addAndGet(frame.length) > MAX_UNSENT_BYTES) {
                drop();
                throw new SocketGone();
            }
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            if (channel == null) {
                waiting.add(buffer);
            } else {
                sendNow(buffer);
            }
        }

        synchronized void close() {
            if (channel == null) {
                closeRequested = true;
            } else {
                closeNow();
            }
        }

        private void sendNow(ByteBuffer frame) {
            int size = frame.remaining();
            WebSockets.sendText(frame, channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    unsentBytes.addAndGet(-size);
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable error) {
                    IoUtils.safeClose(ch);
                }
            });
        }

        /** Cuts a client that stopped reading: what is queued for it is thrown away. */
        private void drop() {
            dropped = true;
            waiting.clear();
            if (channel != null) {
                IoUtils.safeClose(channel);
            } else {
                closeRequested = true;
            }
        }

        private void closeNow() {
            WebSocketChannel ch = channel;
            if (!ch.isOpen()) {
                return;
            }
            // A proper close frame first (like API Gateway), then the connection; a client that
            // does not take the close frame is cut after a grace period. The cut is scheduled
            // before the close frame is sent, and anything thrown on the way cuts at once: once
            // the emulator has forgotten the socket (DELETE answered), nothing else would.
            try {
                ch.getIoThread().executeAfter(() -> IoUtils.safeClose(ch), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                WebSockets.sendClose(CloseMessage.NORMAL_CLOSURE, "closed by the server", ch, new WebSocketCallback<Void>() {
                    @Override
                    public void complete(WebSocketChannel c, Void context) {
                        IoUtils.safeClose(c);
                    }

                    @Override
                    public void onError(WebSocketChannel c, Void context, Throwable error) {
                        IoUtils.safeClose(c);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("closing socket {} failed; cutting it", id, e);
                IoUtils.safeClose(ch);
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
