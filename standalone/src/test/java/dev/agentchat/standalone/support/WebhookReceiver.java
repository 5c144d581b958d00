package dev.agentchat.standalone.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A webhook receiver on loopback for tests: records every request (headers, raw body, when it
 * arrived) and answers with the statuses it was told to, then 200.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    public record Received(Map<String, String> headers, byte[] body, long atNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Api.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The events it carries: {@code event} alone or the coalesced {@code events}. */
        public List<JsonNode> events() {
            JsonNode json = json();
            List<JsonNode> out = new ArrayList<>();
            if (json.has("event")) {
                out.add(json.get("event"));
            }
            json.path("events").forEach(out::add);
            return out;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private volatile String redirectTo;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(headers, body, System.nanoTime()));
            Integer status = statuses.poll();
            if (redirectTo != null) {
                exchange.getResponseHeaders().add("Location", redirectTo);
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            }
            exchange.close();
        });
        server.start();
    }

    /** The URL to set as the webhook (plain http on loopback: the server under test allows private targets). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next requests get these statuses, in order (then 200 again). */
    public WebhookReceiver failWith(Integer... next) {
        statuses.addAll(List.of(next));
        return this;
    }

    /** Every request is answered with a redirect there. */
    public WebhookReceiver redirectTo(String location) {
        this.redirectTo = location;
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits up to {@code millis} until some request matches. */
    public Received await(Predicate<Received> match, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            for (Received r : received) {
                if (match.test(r)) {
                    return r;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no matching webhook delivery within " + millis + " ms; got " + received.size()
                + ": " + received.stream().map(Received::text).toList());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
