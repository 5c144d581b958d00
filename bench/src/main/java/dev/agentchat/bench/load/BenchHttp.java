package dev.agentchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bench's JDK HTTP clients, one for REST and one for the WebSockets, each on its own daemon
 * pool: REST responses and socket frames do not queue behind each other, and the threads show
 * up as the bench's in the CPU report.
 */
final class BenchHttp {
    final HttpClient rest;
    final HttpClient ws;
    /** The REST API's base URL ({@code …/api}). */
    final String api;
    final String wsUrl;

    BenchHttp(String baseUrl) {
        ExecutorService restPool = Executors.newCachedThreadPool(daemon("bench-rest"));
        ExecutorService wsPool = Executors.newCachedThreadPool(daemon("bench-ws"));
        this.rest = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(restPool).build();
        this.ws = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(wsPool).build();
        this.api = baseUrl + "/api";
        this.wsUrl = baseUrl.replaceFirst("^http", "ws") + "/ws";
    }

    /** One REST call that must answer {@code expect}; returns the body. */
    JsonNode call(String method, String path, String bearer, ObjectNode body, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : Json.MAPPER.writeValueAsString(body)));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = rest.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
