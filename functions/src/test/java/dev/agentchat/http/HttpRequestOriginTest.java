package dev.agentchat.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The origin written into blocks and the OpenAPI document comes from validated values only: a
 * forged scheme or a Host carrying anything but a host name (and port) falls back.
 */
class HttpRequestOriginTest {
    private static HttpRequest request(String proto, String host, String domainName) {
        Map<String, String> headers = new HashMap<>();
        if (proto != null) {
            headers.put("x-forwarded-proto", proto);
        }
        if (host != null) {
            headers.put("host", host);
        }
        return new HttpRequest(APIGatewayV2HTTPEvent.builder().withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withDomainName(domainName).build())
                .build());
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "https      | api.example.com        | gw.example.com | https://api.example.com",
            "http       | 127.0.0.1:8080         | null           | http://127.0.0.1:8080",
            "HTTPS      | api.example.com:443    | null           | https://api.example.com:443",
            "null       | api.example.com        | null           | https://api.example.com",
            "javascript | api.example.com        | null           | https://api.example.com",
            "data       | api.example.com        | null           | https://api.example.com",
            "https      | evil.com/\"},{\"x\":\"  | gw.example.com | https://gw.example.com",
            "https      | evil.com@other.com     | gw.example.com | https://gw.example.com",
            "https      | a b                    | null           | https://localhost",
            "https      | [::1]:8080             | null           | https://[::1]:8080",
            "https      | null                   | gw.example.com | https://gw.example.com",
            "https      | null                   | null           | https://localhost"})
    void origin_isBuiltFromValidatedValues(String proto, String host, String domainName, String expected) {
        assertEquals(expected, request(proto, host, domainName).origin());
    }
}
