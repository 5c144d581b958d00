package dev.agentchat.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.support.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a status, a JSON body and any extra headers. */
public record HttpResult(int status, String body, Map<String, String> headers) {

    public static HttpResult ok(JsonNode body) {
        return of(200, body);
    }

    public static HttpResult created(JsonNode body) {
        return of(201, body);
    }

    public static HttpResult of(int status, JsonNode body) {
        return new HttpResult(status, Json.write(body), Map.of());
    }

    public HttpResult withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResult(status, body, Map.copyOf(copy));
    }
}
