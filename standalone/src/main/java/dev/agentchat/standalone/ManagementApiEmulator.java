package dev.agentchat.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.support.Json;
import dev.agentchat.support.Secrets;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * API Gateway's Management API at {@code /@connections/{id}}: POST sends the body as a text
 * frame, DELETE closes the socket, GET describes it; an unknown id is 410 {@code GoneException},
 * which the real SDK client turns into its {@code GoneException}.
 *
 * <p>A send only queues the frame on the socket (see {@link Sockets}): it never waits for the
 * client, and a client that stopped reading is disconnected and answered 410 from then on.
 *
 * <p>Only the handlers' own client may call it: its requests carry a secret generated at start
 * and never shown (see {@link LocalManagementApi}), so other local processes cannot
 * write to sockets. That client reaches it in-process ({@link InProcessHttpClient}): the same
 * SDK request, marshalling and retries, and the same answers as over HTTP, without a socket.
 */
final class ManagementApiEmulator implements HttpHandler {
    static final String PREFIX = "/@connections/";
    private static final int MAX_FRAME_BYTES = 128 * 1024;
    private static final byte[] NO_BODY = new byte[0];

    /** One answer, whichever way the request came: status, the error type the SDK reads, and the body. */
    record Answer(int status, String errorType, String contentType, byte[] body) {
        static Answer empty(int status) {
            return new Answer(status, null, null, NO_BODY);
        }

        static Answer error(int status, String type, String message) {
            return new Answer(status, type, "application/json",
                    Json.write(Json.object().put("message", message)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A request's body, read only by the methods that have one. */
    @FunctionalInterface
    interface Body {
        InputStream open() throws IOException;
    }

    private final Sockets sockets;
    private final String key;
    private final Executor executor;
    private final ManagementFaults faults;

    ManagementApiEmulator(Sockets sockets, String key, Executor executor, ManagementFaults faults) {
        this.sockets = sockets;
        this.key = key;
        this.executor = executor;
        this.faults = faults;
    }

    /** Over HTTP: what any local process reaches at the port (only the key's holder gets past the 403). */
    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(executor, this);
            return;
        }
        Answer answer = answer(exchange.getRequestMethod().toString(), exchange.getRequestPath(),
                exchange.getRequestHeaders().getFirst(LocalManagementApi.KEY_HEADER), () -> {
                    exchange.startBlocking();
                    return exchange.getInputStream();
                });
        exchange.setStatusCode(answer.status());
        if (answer.errorType() != null) {
            exchange.getResponseHeaders().put(HttpString.tryFromString("x-amzn-ErrorType"), answer.errorType());
        }
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), answer.contentType());
        }
        if (answer.body().length == 0) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
        }
    }

    /**
     * Answers one Management API request: the HTTP endpoint above and the handlers' in-process
     * transport ({@link InProcessHttpClient}) both come here, so they cannot differ.
     *
     * @param path      the decoded request path, {@code /@connections/{id}}
     * @param presented the {@link LocalManagementApi#KEY_HEADER} the request carried, or null
     */
    Answer answer(String method, String path, String presented, Body body) throws IOException {
        if (!Secrets.constantTimeEquals(key, presented)) {
            return Answer.error(403, "ForbiddenException", "Forbidden");
        }
        String id = path.substring(PREFIX.length());
        Sockets.Socket socket = sockets.find(id);
        if (socket == null) {
            return gone(id);
        }
        try {
            switch (method) {
                case "POST" -> {
                    ManagementFaults.Fault fault = faults.next(id);
                    if (fault != null) {
                        return Answer.error(fault.status, fault.errorType, "Injected fault for " + id);
                    }
                    byte[] data;
                    try (InputStream in = body.open()) {
                        data = in.readNBytes(MAX_FRAME_BYTES + 1);
                    }
                    if (data.length > MAX_FRAME_BYTES) {
                        return Answer.error(413, "PayloadTooLargeException", "Frame too large");
                    }
                    socket.send(data);
                    return Answer.empty(200);
                }
                case "DELETE" -> {
                    sockets.remove(id);
                    socket.close();
                    return Answer.empty(204);
                }
                case "GET" -> {
                    ObjectNode info = Json.object();
                    info.put("ConnectedAt", Instant.ofEpochMilli(socket.connectedAtMillis).toString());
                    info.put("LastActiveAt", Instant.ofEpochMilli(socket.lastActiveMillis).toString());
                    info.putObject("Identity").put("SourceIp", socket.sourceIp).put("UserAgent", socket.userAgent);
                    return new Answer(200, null, "application/json", Json.write(info).getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    return Answer.error(405, "BadRequestException", "Method not allowed");
                }
            }
        } catch (Sockets.SocketGone e) {
            sockets.remove(id);
            return gone(id);
        }
    }

    private static Answer gone(String id) {
        return Answer.error(410, "GoneException", "Connection " + id + " is gone");
    }
}
