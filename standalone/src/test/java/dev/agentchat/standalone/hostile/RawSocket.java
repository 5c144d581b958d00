package dev.agentchat.standalone.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A WebSocket client on a plain TCP socket, for behaving as no library would: stop reading,
 * shrink the receive buffer, announce a frame of any length and dribble or flood its payload.
 * Reads are synchronous with a deadline; nothing is read unless a test asks.
 */
final class RawSocket implements AutoCloseable {
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** What the server did while we waited: a frame, its close frame, or the transport ended. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return Rest.parse(text());
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens {@code /ws} (with an optional query) on loopback; receiveBuffer 0 keeps the system's. */
    static RawSocket open(int port, String query, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                // Before connect, so the window the server sees is small from the first byte.
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            RawSocket raw = new RawSocket(socket);
            raw.handshake(port, query == null ? "" : query);
            return raw;
        } catch (IOException e) {
            throw new AssertionError("could not open a WebSocket on port " + port + ": " + e, e);
        }
    }

    static RawSocket open(int port) {
        return open(port, null, 0);
    }

    private void handshake(int port, String query) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /ws" + query + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head.toString().trim());
        }
    }

    // ---------------------------------------------------------------- writing

    /** One whole text frame (masked with a zero key, as {@link #writeHeader} does). */
    void sendText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        try {
            writeHeader(true, TEXT, payload.length);
            writePayload(payload, 0, payload.length);
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("send failed: " + e, e);
        }
    }

    void sendJson(Object frame) {
        sendText(Rest.write(frame));
    }

    /** A frame header announcing {@code length} payload bytes; the payload follows with {@link #writePayload}. */
    void writeHeader(boolean fin, int opcode, long length) throws IOException {
        out.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            out.write(0x80 | (int) length);
        } else if (length <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
        // A zero mask: the payload goes as it is, which lets a test stream megabytes cheaply.
        out.write(new byte[4]);
    }

    /** Payload bytes after {@link #writeHeader} (the mask is zero, so they go unchanged). */
    void writePayload(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    void flush() throws IOException {
        out.flush();
    }

    // ---------------------------------------------------------------- reading

    /**
     * The next data or close frame within the timeout, continuation frames joined; answers pings.
     * Null if the transport ended first.
     */
    Frame next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = -1;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) Math.max(1, left));
                int first = in.read();
                if (first < 0) {
                    return null;
                }
                DataInputStream data = new DataInputStream(in);
                int second = data.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = data.readUnsignedShort();
                } else if (length == 127) {
                    length = data.readLong();
                }
                byte[] payload = new byte[Math.toIntExact(length)];
                data.readFully(payload);
                int opcode = first & 0x0F;
                boolean fin = (first & 0x80) != 0;
                if (opcode == PING) {
                    continue;
                }
                if (opcode == CLOSE) {
                    return new Frame(CLOSE, payload);
                }
                if (opcode != 0) {
                    messageOpcode = opcode;
                }
                message.write(payload);
                if (fin) {
                    return new Frame(messageOpcode, message.toByteArray());
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            return null;
        }
    }

    /** The first JSON frame within the timeout that matches (others are dropped); fails on close or timeout. */
    JsonNode await(Predicate<JsonNode> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            Frame frame;
            try {
                frame = next(left);
            } catch (AssertionError e) {
                throw new AssertionError("no frame with " + what + " within " + timeout.toMillis() + " ms", e);
            }
            if (frame == null || frame.opcode() == CLOSE) {
                throw new AssertionError("the socket closed while waiting for " + what
                        + (frame == null ? "" : ": close " + closeCode(frame)));
            }
            JsonNode json = frame.json();
            if (match.test(json)) {
                return json;
            }
        }
    }

    JsonNode awaitType(String type, Duration timeout) {
        return await(f -> type.equals(f.path("type").asText()), timeout, "type " + type);
    }

    /** Whether the server ends the connection (close frame or end of stream) within the timeout, reading past frames. */
    boolean endsWithin(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame;
            try {
                frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (AssertionError timedOut) {
                return false;
            }
            if (frame == null || frame.opcode() == CLOSE) {
                return true;
            }
        }
        return false;
    }

    static int closeCode(Frame close) {
        byte[] p = close.payload();
        return p.length >= 2 ? ((p[0] & 0xFF) << 8) | (p[1] & 0xFF) : 1005;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all a test wants here.
        }
    }
}
