package dev.agentchat.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.support.Json;
import dev.agentchat.support.Secrets;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.InputStream;
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
 * write to sockets.
 */
final class ManagementApiEmulator implements HttpHandler {
    static final String PREFIX = "/@connections/";
    private static final int MAX_FRAME_BYTES = 128 * 1024;

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

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(executor, this);
            return;
        }
        String presented = exchange.getRequestHeaders().getFirst(LocalManagementApi.KEY_HEADER);
        if (!Secrets.constantTimeEquals(key, presented)) {
            error(exchange, 403, "ForbiddenException", "Forbidden");
            return;
        }
        String id = exchange.getRequestPath().substring(PREFIX.length());
        Sockets.Socket socket = sockets.find(id);
        if (socket == null) {
            error(exchange, 410, "GoneException", "Connection " + id + " is gone");
            return;
        }
        String method = exchange.getRequestMethod().toString();
        try {
            switch (method) {
                case "POST" -> {
                    ManagementFaults.Fault fault = faults.next(id);
                    if (fault != null) {
                        error(exchange, fault.status, fault.errorType, "Injected fault for " + id);
                        return;
                    }
                    exchange.startBlocking();
                    byte[] data;
                    try (InputStream in = exchange.getInputStream()) {
                        data = in.readNBytes(MAX_FRAME_BYTES + 1);
                    }
                    if (data.length > MAX_FRAME_BYTES) {
                        error(exchange, 413, "PayloadTooLargeException", "Frame too large");
                        return;
                    }
                    socket.send(data);
                    exchange.setStatusCode(200);
                    exchange.endExchange();
                }
                case "DELETE" -> {
                    sockets.remove(id);
                    socket.close();
                    exchange.setStatusCode(204);
                    exchange.endExchange();
                }
                case "GET" -> {
                    ObjectNode info = Json.object();
                    info.put("ConnectedAt", Instant.ofEpochMilli(socket.connectedAtMillis).toString());
                    info.put("LastActiveAt", Instant.ofEpochMilli(socket.lastActiveMillis).toString());
                    info.putObject("Identity").put("SourceIp", socket.sourceIp).put("UserAgent", socket.userAgent);
                    exchange.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
                    exchange.getResponseSender().send(Json.write(info));
                }
                default -> error(exchange, 405, "BadRequestException", "Method not allowed");
            }
        } catch (Sockets.SocketGone gone) {
            sockets.remove(id);
            error(exchange, 410, "GoneException", "Connection " + id + " is gone");
        }
    }

    private static void error(HttpServerExchange exchange, int status, String type, String message) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(HttpString.tryFromString("x-amzn-ErrorType"), type);
        exchange.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
        exchange.getResponseSender().send(Json.write(Json.object().put("message", message)));
    }
}
