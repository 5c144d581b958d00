package dev.agentchat.standalone;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.protocol.framed.FrameHeaderData;
import io.undertow.util.Headers;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.core.protocol.version13.WebSocket13Channel;
import io.undertow.websockets.extensions.CompositeExtensionFunction;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.xnio.StreamConnection;

/**
 * The RFC 6455 handshake with API Gateway's limit on one frame: a message may arrive in several
 * frames (128 KB in all, capped by the receive listener), but a frame whose header announces more
 * than {@link #MAX_FRAME_BYTES} closes the socket with 1009 before any of its payload is read.
 * Undertow caps only whole messages; the frame length is known once its header is parsed, so the
 * channel checks it there (as Undertow itself refuses a corrupt frame: close frame, reads broken).
 */
final class FrameCappedHandshake extends Hybi13Handshake {
    /** API Gateway's limit on one WebSocket frame (32 KB). */
    static final int MAX_FRAME_BYTES = 32 * 1024;

    @Override
    public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection connection,
                                          ByteBufferPool pool) {
        // As Hybi13Handshake makes its channel, with the frame check in between.
        List<ExtensionFunction> extensions = initExtensions(exchange);
        return new FrameCappedChannel(connection, pool, getWebSocketLocation(exchange),
                exchange.getResponseHeader(Headers.SEC_WEB_SOCKET_PROTOCOL_STRING), !extensions.isEmpty(),
                CompositeExtensionFunction.compose(extensions), exchange);
    }

    /** A version 13 channel that refuses an oversized frame as soon as its header is read. */
    private static final class FrameCappedChannel extends WebSocket13Channel {
        FrameCappedChannel(StreamConnection connection, ByteBufferPool pool, String location, String subProtocol,
                           boolean extensionsSupported, ExtensionFunction extensions, WebSocketHttpExchange exchange) {
            super(connection, pool, location, subProtocol, false, extensionsSupported, extensions,
                    exchange.getPeerConnections(), exchange.getOptions());
        }

        @Override
        protected FrameHeaderData parseFrame(ByteBuffer data) throws IOException {
            FrameHeaderData header = super.parseFrame(data);
            if (header != null && header.getFrameLength() > MAX_FRAME_BYTES) {
                IOException tooBig = new IOException("A WebSocket frame of " + header.getFrameLength()
                        + " bytes is over the " + MAX_FRAME_BYTES + "-byte limit");
                WebSockets.sendClose(new CloseMessage(CloseMessage.MSG_TOO_BIG,
                        "A frame may carry at most 32 KB; split a message into several frames.").toByteBuffer(), this, null);
                markReadsBroken(tooBig);
                throw tooBig;
            }
            return header;
        }
    }
}
