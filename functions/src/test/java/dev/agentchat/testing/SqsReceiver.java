package dev.agentchat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentchat.support.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for SQS on loopback: it checks each request's SigV4 signature by computing it
 * afresh from what arrived (canonical request, string to sign, the derived key; written from the
 * SigV4 specification, not with the SDK's signer), records the requests it accepted, and answers
 * 403 {@code SignatureDoesNotMatch} otherwise, as SQS does.
 */
public final class SqsReceiver implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIDEXAMPLE";
    public static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static final String SESSION_TOKEN = "session-token-example";
    public static final String REGION = "eu-west-1";

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
                    + "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** One accepted request: its action (from {@code X-Amz-Target}), its JSON body and the headers it signed. */
    public record Received(String action, JsonNode body, List<String> signedHeaders, Map<String, List<String>> headers) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Answer> answers = r -> new Answer(200, "{}");

    /** What the receiver answers a request it accepted. */
    public record Answer(int status, String body) {
    }

    public SqsReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String queueUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/123456789012/agentchat-wake";
    }

    public void answerWith(Function<Received, Answer> answer) {
        this.answers = answer;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Why requests were refused (empty when all were signed right). */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String problem = check(exchange, body);
        JsonNode json = null;
        if (problem == null) {
            try {
                json = Json.parse(new String(body, StandardCharsets.UTF_8));
            } catch (IOException e) {
                problem = "body is not JSON: " + e.getMessage();
            }
        }
        Answer answer;
        if (problem != null) {
            refusals.add(problem);
            answer = new Answer(403, "{\"__type\":\"com.amazonaws.sqs#SignatureDoesNotMatch\",\"message\":\""
                    + problem.replace("\"", "'") + "\"}");
        } else {
            Matcher auth = AUTHORIZATION.matcher(exchange.getRequestHeaders().getFirst("Authorization"));
            auth.matches();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Received request = new Received(target.substring(target.indexOf('.') + 1),
                    json, List.of(auth.group(5).split(";")),
                    Map.copyOf(exchange.getRequestHeaders()));
            received.add(request);
            answer = answers.apply(request);
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(answer.status(), out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    /** Null when the request is a correctly signed SQS JSON request, else what is wrong with it. */
    private static String check(HttpExchange exchange, byte[] body) {
        try {
            if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getRawPath())) {
                return "expected POST /, got " + exchange.getRequestMethod() + " " + exchange.getRequestURI();
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher auth = AUTHORIZATION.matcher(authorization == null ? "" : authorization);
            if (!auth.matches()) {
                return "no SigV4 Authorization header: " + authorization;
            }
            if (!ACCESS_KEY.equals(auth.group(1)) || !REGION.equals(auth.group(3)) || !"sqs".equals(auth.group(4))) {
                return "wrong credential scope: " + auth.group(1) + "/" + auth.group(3) + "/" + auth.group(4);
            }
            List<String> signed = List.of(auth.group(5).split(";"));
            for (String required : List.of("host", "x-amz-date", "x-amz-target", "content-type",
                    "x-amz-security-token")) {
                if (!signed.contains(required)) {
                    return "header " + required + " is not signed: " + signed;
                }
            }
            String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
            Instant at = Instant.from(AMZ_DATE.parse(amzDate));
            if (Duration.between(at, Instant.now()).abs().toMinutes() >= 5 || !amzDate.startsWith(auth.group(2))) {
                return "X-Amz-Date " + amzDate + " is not now or not the scope's date " + auth.group(2);
            }
            String payloadHash = hex(sha256(body));
            String claimed = exchange.getRequestHeaders().getFirst("X-Amz-Content-Sha256");
            if (claimed != null && !claimed.equals(payloadHash)) {
                return "x-amz-content-sha256 is not the body's hash";
            }
            StringBuilder canonical = new StringBuilder("POST\n/\n\n");
            for (String name : signed) {
                List<String> values = exchange.getRequestHeaders().get(name);
                if (values == null) {
                    return "signed header " + name + " did not arrive";
                }
                List<String> trimmed = new ArrayList<>();
                values.forEach(v -> trimmed.add(v.trim().replaceAll(" +", " ")));
                canonical.append(name.toLowerCase(Locale.ROOT)).append(':').append(String.join(",", trimmed))
                        .append('\n');
            }
            canonical.append('\n').append(auth.group(5)).append('\n').append(payloadHash);
            String scope = auth.group(2) + "/" + REGION + "/sqs/aws4_request";
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
            byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), auth.group(2));
            key = hmac(key, REGION);
            key = hmac(key, "sqs");
            key = hmac(key, "aws4_request");
            String expected = hex(hmac(key, toSign));
            if (!expected.equals(auth.group(6))) {
                return "signature does not match the request";
            }
            if (!SESSION_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))) {
                return "no session token";
            }
            if (!"application/x-amz-json-1.0".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                return "content type is " + exchange.getRequestHeaders().getFirst("Content-Type");
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null || !target.startsWith("AmazonSQS.")) {
                return "X-Amz-Target is " + target;
            }
            return null;
        } catch (Exception e) {
            return "unreadable request: " + e;
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The credentials the receiver expects: session credentials, as a Lambda role has. */
    public static software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials() {
        return credentials(SECRET_KEY);
    }

    /** Credentials with this secret key (another one is refused). */
    public static software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials(String secretKey) {
        return software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(ACCESS_KEY, secretKey,
                        SESSION_TOKEN));
    }

    /** The bodies of the accepted requests of one action, in order. */
    public List<JsonNode> bodiesOf(String action) {
        return received.stream().filter(r -> r.action().equals(action)).map(Received::body).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
