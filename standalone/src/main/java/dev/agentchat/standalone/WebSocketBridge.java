package dev.agentchat.standalone;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.Routes.WsRoute;
import dev.agentchat.Routes;
import dev.agentchat.support.Json;
import dev.agentchat.support.RequestLog;
import dev.agentchat.wiring.Wiring;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.security.SecureRandom;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays API Gateway's WebSocket API at {@code /ws}: {@code $connect} runs before the upgrade
 * (a refusal refuses the handshake), every text frame becomes an event for the route its
 * {@code type} selects ({@code $request.body.type}, else {@code $default}), and a closed socket
 * gets {@code $disconnect}. Frames of one socket are handled in order.
 */
final class WebSocketBridge implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);
    private static final AttachmentKey<Sockets.Socket> SOCKET = AttachmentKey.create(Sockets.Socket.class);
    /**
     * API Gateway's WebSocket message limit (128 KB); a bigger message closes the socket. Each of
     * its frames may carry 32 KB at most ({@link FrameCappedHandshake}).
     */
    static final int MAX_MESSAGE_BYTES = 128 * 1024;
    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> handlers =
            new HashMap<>();
    private final Sockets sockets;
    private final ExecutorService pool;
    private final String domainName;
    private final RequestLog.Sink log;
    private final SecureRandom random = new SecureRandom();
    private final WebSocketProtocolHandshakeHandler upgrade;

    WebSocketBridge(Wiring wiring, Sockets sockets, ExecutorService pool, String domainName, RequestLog.Sink log) {
        this.log = log;
        for (WsRoute route : Routes.WEBSOCKET) {
            handlers.put(route.routeKey(), route.factory().apply(wiring));
        }
        this.sockets = sockets;
        this.pool = pool;
        this.domainName = domainName;
        // Only RFC 6455 (version 13), as API Gateway: with API Gateway's 32 KB limit on one frame.
        this.upgrade = new WebSocketProtocolHandshakeHandler(List.of(new FrameCappedHandshake()), new Callback());
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        String connectionId = newConnectionId();
        Map<String, String> headers = new HashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString().toLowerCase(Locale.ROOT), String.join(",", values));
        }
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, Deque<String>> entry : exchange.getQueryParameters().entrySet()) {
            query.put(entry.getKey(), entry.getValue().peekLast());
        }
        String sourceIp = exchange.getSourceAddress() == null ? "127.0.0.1"
                : exchange.getSourceAddress().getAddress().getHostAddress();
        Sockets.Socket socket = sockets.register(connectionId, sourceIp, headers.get("user-agent"));
        APIGatewayV2WebSocketEvent connect = event(Routes.CONNECT, "CONNECT", connectionId, null);
        connect.setHeaders(headers);
        connect.setQueryStringParameters(query.isEmpty() ? null : query);
        APIGatewayV2WebSocketResponse response = invoke(Routes.CONNECT, connect);
        if (response.getStatusCode() != 200) {
            sockets.remove(connectionId);
            exchange.setStatusCode(response.getStatusCode());
            exchange.getResponseSender().send(response.getBody() == null ? "" : response.getBody());
            return;
        }
        exchange.putAttachment(SOCKET, socket);
        upgrade.handleRequest(exchange);
    }

    private final class Callback implements WebSocketConnectionCallback {
        @Override
        public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
            Sockets.Socket socket = ((io.undertow.websockets.spi.AsyncWebSocketHttpServerExchange) exchange)
                    .getAttachment(SOCKET);
            SerialExecutor lane = new SerialExecutor(pool);
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    String body = message.getData();
                    socket.lastActiveMillis = System.currentTimeMillis();
                    lane.execute(() -> {
                        String routeKey = routeKey(body);
                        invoke(routeKey, event(routeKey, "MESSAGE", socket.id, body));
                    });
                }

                // API Gateway's limit on a message: past it Undertow stops buffering, sends close
                // 1009 (message too big) and drops the connection, so a giant frame costs 128 KB.
                @Override
                protected long getMaxTextBufferSize() {
                    return MAX_MESSAGE_BYTES;
                }

                @Override
                protected long getMaxBinaryBufferSize() {
                    return MAX_MESSAGE_BYTES;
                }

                @Override
                protected void onCloseMessage(io.undertow.websockets.core.CloseMessage cm, WebSocketChannel ch) {
                    // The close handshake is answered by Undertow; $disconnect follows from the close task.
                }
            });
            channel.addCloseTask(ch -> lane.execute(() -> {
                sockets.remove(socket.id);
                invoke(Routes.DISCONNECT, event(Routes.DISCONNECT, "DISCONNECT", socket.id, null));
            }));
            channel.resumeReceives();
            socket.attach(channel);
        }
    }

    /** API Gateway's {@code $request.body.type} selection: a known type's route, else {@code $default}. */
    private String routeKey(String body) {
        try {
            JsonNode type = Json.parse(body).get("type");
            if (type != null && type.isTextual() && !type.asText().startsWith("$") && handlers.containsKey(type.asText())) {
                return type.asText();
            }
        } catch (Exception notJson) {
            // Not JSON: $default answers it.
        }
        return Routes.DEFAULT;
    }

    private APIGatewayV2WebSocketResponse invoke(String routeKey, APIGatewayV2WebSocketEvent event) {
        try {
            return handlers.get(routeKey).handleRequest(event, new LocalContext(event.getRequestContext().getRequestId(), log));
        } catch (RuntimeException | StackOverflowError e) {
            // A failed invocation, as Lambda would report it; the socket stays usable.
            LOG.error("{} handler failed for connection {}", routeKey, event.getRequestContext().getConnectionId(), e);
            APIGatewayV2WebSocketResponse failed = new APIGatewayV2WebSocketResponse();
            failed.setStatusCode(500);
            return failed;
        }
    }

    private APIGatewayV2WebSocketEvent event(String routeKey, String eventType, String connectionId, String body) {
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(routeKey);
        context.setEventType(eventType);
        context.setConnectionId(connectionId);
        context.setRequestId("local-" + newConnectionId());
        context.setDomainName(domainName);
        context.setStage("prod");
        context.setApiId("local");
        context.setRequestTimeEpoch(System.currentTimeMillis());
        context.setMessageDirection("IN");
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    private String newConnectionId() {
        char[] id = new char[16];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }
}
