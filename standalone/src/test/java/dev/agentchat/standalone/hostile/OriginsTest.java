package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The server says where it is from its configuration, never from the request: {@code config.json}
 * does not echo a Host header, a browser's WebSocket is accepted from the UI's own origins only,
 * and the UI's CSP lets it connect to this server alone. (Raw sockets: a Host header of one's
 * choosing is what an attacker sends, and Java's HTTP client will not.)
 */
@RunningServer
class OriginsTest {
    @Inject
    private static AgentChatServer server;

    @Test
    void configJson_withAForeignHost_namesThisServer_notTheHost() throws IOException {
        JsonNode config = Rest.parse(body(http("GET /config.json", "evil.example:" + server.port(), null)));
        assertEquals("http://127.0.0.1:" + server.port() + "/api", config.path("apiBase").asText(), config::toString);
        assertEquals("ws://127.0.0.1:" + server.port() + "/ws", config.path("wsUrl").asText(), config::toString);
        // A page opened at another of this server's own names is answered with that name (same origin).
        JsonNode local = Rest.parse(body(http("GET /config.json", "localhost:" + server.port(), null)));
        assertEquals("http://localhost:" + server.port() + "/api", local.path("apiBase").asText(), local::toString);
    }

    @Test
    void webSocketUpgrade_fromAForeignPage_isRefused_fromTheUiOrNoBrowser_isAccepted() throws IOException {
        String foreign = http("GET /ws", "127.0.0.1:" + server.port(), "http://evil.example");
        assertTrue(foreign.startsWith("HTTP/1.1 403"), "a foreign page's upgrade: " + firstLine(foreign));
        String rebound = http("GET /ws", "evil.example:" + server.port(), "http://evil.example:" + server.port());
        assertTrue(rebound.startsWith("HTTP/1.1 403"), "a rebinding page's upgrade: " + firstLine(rebound));
        for (String ui : List.of("http://127.0.0.1:" + server.port(), "http://localhost:" + server.port())) {
            String ok = http("GET /ws", "127.0.0.1:" + server.port(), ui);
            assertTrue(ok.startsWith("HTTP/1.1 101"), "the UI at " + ui + ": " + firstLine(ok));
        }
        String agent = http("GET /ws", "127.0.0.1:" + server.port(), null);
        assertTrue(agent.startsWith("HTTP/1.1 101"), "a client without Origin: " + firstLine(agent));
    }

    @Test
    void theUisCsp_connectsToThisServerOnly() throws IOException {
        String index = http("GET /", "127.0.0.1:" + server.port(), null);
        String connect = connectSrc(index);
        List<String> sources = Arrays.asList(connect.split(" "));
        assertTrue(sources.contains("ws://127.0.0.1:" + server.port()), connect);
        for (String source : sources.subList(1, sources.size())) {
            assertTrue(source.equals("'self'") || source.matches("(http|ws)://(127\\.0\\.0\\.1|localhost):"
                    + server.port()), "connect-src allows " + source + ": " + connect);
        }
    }

    /** One HTTP/1.1 request on a fresh connection, as an attacker writes it; the answer's head and body. */
    static String http(String requestLine, String host, String origin) throws IOException {
        return http(server, requestLine, host, origin);
    }

    static String http(AgentChatServer server, String requestLine, String host, String origin) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
            if (origin != null) {
                request.append("Origin: ").append(origin).append("\r\n");
            }
            if (requestLine.endsWith("/ws")) {
                request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                        .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            } else {
                request.append("Connection: close\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            return read(socket.getInputStream(), requestLine.endsWith("/ws"));
        }
    }

    /** Everything until the server closes; for an upgrade, the head only (the connection stays open). */
    private static String read(InputStream in, boolean headOnly) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (headOnly && out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String body(String response) {
        String rest = response.substring(response.indexOf("\r\n\r\n") + 4);
        if (response.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            StringBuilder body = new StringBuilder();
            while (true) {
                int eol = rest.indexOf("\r\n");
                int size = Integer.parseInt(rest.substring(0, eol).trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(rest, eol + 2, eol + 2 + size);
                rest = rest.substring(eol + 2 + size + 2);
            }
        }
        return rest;
    }

    static String connectSrc(String response) {
        for (String line : response.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-security-policy:")) {
                for (String directive : line.substring(line.indexOf(':') + 1).split(";")) {
                    if (directive.trim().startsWith("connect-src")) {
                        return directive.trim();
                    }
                }
            }
        }
        throw new AssertionError("no connect-src in " + response.substring(0, Math.min(800, response.length())));
    }

    private static String firstLine(String response) {
        int eol = response.indexOf("\r\n");
        return eol < 0 ? response : response.substring(0, eol);
    }
}
