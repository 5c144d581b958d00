package dev.agentchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine's floor for the load bench: an in-memory broadcaster on the same web server
 * (Undertow) that speaks just enough of AgentChat's protocol for the bench's client. A
 * {@code join} frame puts the socket in its room; a {@code message} frame (or a REST {@code POST
 * /api/rooms/{id}/messages}) gets the room's next seq, an ack to its sender and a copy to every
 * other socket of the room. No store, no auth, no stream: what is left is parsing, JSON and sockets.
 */
final class FloorServer implements AutoCloseable {
    private static final String MESSAGES_PATH = "/api/rooms/";

    /** One room: its sockets, and the lock that orders its seqs and its sends. */
    private static final class Room {
        final List<Member> members = new ArrayList<>();
        long seq;
    }

    private record Member(String agentId, WebSocketChannel channel) {
    }

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Undertow undertow;
    private final int port;

    FloorServer() {
        WebSocketProtocolHandshakeHandler ws = new WebSocketProtocolHandshakeHandler(new Callback());
        HttpHandler root = exchange -> {
            if (exchange.getRequestPath().equals("/ws")) {
                ws.handleRequest(exchange);
            } else if (exchange.getRequestPath().startsWith(MESSAGES_PATH) && exchange.getRequestMethod().toString().equals("POST")) {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this::restSend);
                } else {
                    restSend(exchange);
                }
            } else {
                exchange.setStatusCode(404);
                exchange.endExchange();
            }
        };
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(root).build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The agent id a bench key stands for (the floor trusts every key). */
    static String agentIdOf(String key) {
        return "agt_" + key;
    }

    private final class Callback implements WebSocketConnectionCallback {
        @Override
        public void onConnect(io.undertow.websockets.spi.WebSocketHttpExchange exchange, WebSocketChannel channel) {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                private Room room;
                private String agentId;

                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) throws java.io.IOException {
                    JsonNode frame = Json.MAPPER.readTree(message.getData());
                    switch (frame.path("type").asText()) {
                        case "join" -> {
                            agentId = agentIdOf(frame.path("key").asText());
                            room = rooms.computeIfAbsent(frame.path("room").asText(), r -> new Room());
                            synchronized (room) {
                                room.members.add(new Member(agentId, ch));
                            }
                            WebSockets.sendText(Json.object().put("type", "joined").put("agent_id", agentId).toString(), ch, null);
                        }
                        case "message" -> {
                            if (room != null) {
                                publish(room, agentId, frame.path("content").asText(), frame.path("client_id").asText(null), ch);
                            }
                        }
                        case "pong" -> {
                        }
                        default -> WebSockets.sendText("{\"type\":\"error\",\"code\":\"bad_request\"}", ch, null);
                    }
                }
            });
            channel.resumeReceives();
        }
    }

    private void restSend(HttpServerExchange exchange) throws java.io.IOException {
        String path = exchange.getRequestPath();
        String roomId = path.substring(MESSAGES_PATH.length(), path.indexOf('/', MESSAGES_PATH.length()));
        String key = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION).substring("Bearer ".length());
        exchange.startBlocking();
        JsonNode body;
        try (InputStream in = exchange.getInputStream()) {
            body = Json.MAPPER.readTree(in);
        }
        Room room = rooms.get(roomId);
        if (room == null) {
            exchange.setStatusCode(404);
            exchange.endExchange();
            return;
        }
        ObjectNode created = publish(room, agentIdOf(key), body.path("content").asText(), null, null);
        exchange.setStatusCode(201);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(created.toString(), StandardCharsets.UTF_8);
    }

    /** Stamps the message with the room's next seq, acks a WebSocket sender, and copies it to the others. */
    private ObjectNode publish(Room room, String agentId, String content, String clientId, WebSocketChannel from) {
        synchronized (room) {
            ObjectNode message = Json.object().put("type", "message").put("seq", ++room.seq).put("agent_id", agentId)
                    .put("content", content).put("timestamp", Instant.now().toString());
            String copy = message.toString();
            for (Member member : room.members) {
                if (member.channel() != from && !member.agentId().equals(agentId)) {
                    WebSockets.sendText(copy, member.channel(), null);
                }
            }
            if (from != null) {
                WebSockets.sendText(message.deepCopy().put("client_id", clientId).toString(), from, null);
            }
            return message;
        }
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
