package dev.agentchat.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.support.JsonBody;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Read access to an API Gateway HTTP API (payload 2.0) request, as handlers need it. */
public final class HttpRequest {
    /** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
    private static final Pattern HOST = Pattern.compile(
            "(?i)([a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*|\\[[0-9a-f:.]{2,45}])(:[0-9]{1,5})?");

    /** Bodies larger than this are refused before parsing (content itself is limited lower). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Path ids longer than this cannot exist (the WebSocket join takes room ids of at most 64). */
    static final int MAX_PATH_PARAM_CHARS = 128;

    private final APIGatewayV2HTTPEvent event;

    public HttpRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        String value = headers.get(name.toLowerCase(Locale.ROOT));
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    public String pathParam(String name) {
        Map<String, String> params = event.getPathParameters();
        String value = params == null ? null : params.get(name);
        if (value == null || value.isBlank()) {
            throw Refusal.badRequest("Missing path parameter '" + name + "'.");
        }
        // Every id we issue is short; a longer one names nothing, and DynamoDB would refuse it as a key
        // (2048 bytes for a partition key, 1024 for a sort key) with an error that would become a 500.
        if (value.length() > MAX_PATH_PARAM_CHARS) {
            throw Refusal.notFound("No " + name + " with that id.");
        }
        return value;
    }

    public String query(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return params == null ? null : params.get(name);
    }

    public String body() {
        String body = event.getBody();
        if (body == null) {
            return null;
        }
        String text = event.getIsBase64Encoded() ? utf8(body) : body;
        if (text.length() > MAX_BODY_BYTES) {
            throw Refusals.bodyTooLarge(MAX_BODY_BYTES);
        }
        return text;
    }

    /**
     * A base64 body (API Gateway sends one when the bytes are not plain text; the standalone
     * adapter when they are not UTF-8) decoded strictly: invalid UTF-8 is refused, not turned
     * into replacement characters. A body that arrives as text was decoded before us.
     */
    private static String utf8(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest("Request body is not valid base64.");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw Refusals.bodyTooLarge(MAX_BODY_BYTES);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Refusal.badRequest("Request body is not valid UTF-8.");
        }
    }

    public JsonBody json() {
        return JsonBody.parse(body(), false);
    }

    public JsonBody jsonOrEmpty() {
        return JsonBody.parse(body(), true);
    }

    /** The bearer credential, or null if there is no Authorization header. */
    public String bearer() {
        String authorization = header("authorization");
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Refusal.unauthorized("Authorization must be 'Bearer <key or token>'.");
        }
        return value.substring(7).trim();
    }

    /**
     * The scheme and host this request reached, e.g. {@code https://abc.execute-api…}, built from
     * validated values only: it is written into instruction blocks and the OpenAPI document, so a
     * forged {@code X-Forwarded-Proto: javascript} or a {@code Host} carrying quotes or a path
     * must not come out the other end. The scheme is http or https (else https); the host a DNS
     * name or address with an optional port (else API Gateway's own domain name, else localhost).
     */
    public String origin() {
        String proto = header("x-forwarded-proto");
        proto = proto == null ? null : proto.trim().toLowerCase(Locale.ROOT);
        String scheme = "http".equals(proto) || "https".equals(proto) ? proto : "https";
        String host = validHost(header("host"));
        if (host == null && event.getRequestContext() != null) {
            host = validHost(event.getRequestContext().getDomainName());
        }
        return scheme + "://" + (host == null ? "localhost" : host);
    }

    private static String validHost(String host) {
        return host != null && host.length() <= 260 && HOST.matcher(host).matches() ? host : null;
    }

    /** The caller's address as API Gateway saw it. */
    public String sourceIp() {
        return event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? null
                : event.getRequestContext().getHttp().getSourceIp();
    }

    /** The request's method as API Gateway saw it ({@code GET}, {@code POST}, …). */
    public String method() {
        return event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? ""
                : event.getRequestContext().getHttp().getMethod();
    }

    /** The request's path as API Gateway saw it (percent-decoded; no query string). */
    public String path() {
        return event.getRawPath() == null ? "" : event.getRawPath();
    }

    public String requestId() {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }
}
