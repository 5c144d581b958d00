package dev.agentchat.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The three SQS actions the wake queue needs (SendMessage, SendMessageBatch,
 * ChangeMessageVisibility), spoken in SQS's AWS JSON 1.0 protocol and signed with the SDK's own
 * SigV4 signer. Hand-written because no SQS SDK module at the SDK version the project uses can
 * be had here; it sends exactly what the SDK's client would (the JSON body, {@code X-Amz-Target},
 * a signed request to the queue URL's host), and nothing else of the SDK's client is needed.
 *
 * <p>It does not retry: its callers already retry (a failed wake enqueue fails its stream
 * record, which Lambda redelivers; a failed visibility change leaves the message to come back
 * at the queue's visibility timeout).
 */
public final class SqsClient {
    /** SQS's limits on one SendMessageBatch: entries, and the bytes of all bodies together. */
    public static final int MAX_BATCH_ENTRIES = 10;
    public static final int MAX_BATCH_BYTES = 256 * 1024;
    /** The longest visibility timeout SQS accepts (12 h). */
    public static final int MAX_VISIBILITY_SECONDS = 43_200;

    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final String TARGET_PREFIX = "AmazonSQS.";
    private static final String SIGNING_NAME = "sqs";
    /** What is read of an answer at most: SQS's answers to these actions are small. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** SQS refused a request or could not be reached; {@code code} is SQS's error code (e.g. {@code QueueDoesNotExist}). */
    public static final class SqsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        SqsException(String action, int status, String code, String message) {
            super(action + " failed: " + status + " " + code + (message == null || message.isEmpty() ? "" : ": " + message));
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param http        the transport (the URL-connection client, as the other clients use)
     * @param credentials the container's shared provider
     * @param region      the region the queue is in (its signing region)
     */
    public SqsClient(SdkHttpClient http, AwsCredentialsProvider credentials, String region) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
    }

    /** Sends one message now; returns its SQS message id. */
    public String sendMessage(String queueUrl, String body) {
        ObjectNode request = Json.object().put("QueueUrl", queueUrl).put("MessageBody", body);
        return call("SendMessage", queueUrl, request).path("MessageId").asText();
    }

    /**
     * Sends up to {@link #MAX_BATCH_ENTRIES} messages in one request; throws naming the entries
     * SQS did not take (SQS answers 200 for a batch even when some of it failed).
     */
    public void sendMessageBatch(String queueUrl, List<String> bodies) {
        if (bodies.isEmpty() || bodies.size() > MAX_BATCH_ENTRIES) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH_ENTRIES + " messages, got "
                    + bodies.size());
        }
        ObjectNode request = Json.object().put("QueueUrl", queueUrl);
        ArrayNode entries = request.putArray("Entries");
        for (int i = 0; i < bodies.size(); i++) {
            entries.addObject().put("Id", Integer.toString(i)).put("MessageBody", bodies.get(i));
        }
        JsonNode answer = call("SendMessageBatch", queueUrl, request);
        List<String> failed = new ArrayList<>();
        answer.path("Failed").forEach(f -> failed.add(f.path("Id").asText() + " (" + f.path("Code").asText() + ")"));
        if (!failed.isEmpty()) {
            throw new SqsException("SendMessageBatch", 200, "BatchEntriesFailed",
                    failed.size() + " of " + bodies.size() + " entries not sent: " + failed);
        }
    }

    /** Makes a received message visible again after {@code seconds} (0 to {@link #MAX_VISIBILITY_SECONDS}). */
    public void changeMessageVisibility(String queueUrl, String receiptHandle, int seconds) {
        if (seconds < 0 || seconds > MAX_VISIBILITY_SECONDS) {
            throw new IllegalArgumentException("visibility timeout must be 0 to " + MAX_VISIBILITY_SECONDS
                    + " seconds, got " + seconds);
        }
        call("ChangeMessageVisibility", queueUrl, Json.object().put("QueueUrl", queueUrl)
                .put("ReceiptHandle", receiptHandle).put("VisibilityTimeout", seconds));
    }

    /** POSTs one action to the queue URL's endpoint (SQS takes the queue from the body) and reads its answer. */
    private JsonNode call(String action, String queueUrl, ObjectNode request) {
        byte[] body = Json.write(request).getBytes(StandardCharsets.UTF_8);
        URI queue = URI.create(queueUrl);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol(queue.getScheme())
                .host(queue.getHost())
                .port(queue.getPort() == -1 ? null : queue.getPort())
                .encodedPath("/")
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET_PREFIX + action)
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            int status = response.httpResponse().statusCode();
            String text = read(response);
            JsonNode answer = parse(text);
            if (status / 100 != 2) {
                // JSON protocol errors: {"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"…"}.
                String type = answer.path("__type").asText("");
                String code = type.isEmpty() ? "HTTP" + status : type.substring(type.lastIndexOf('#') + 1);
                String message = answer.path("message").asText(answer.path("Message").asText(""));
                throw new SqsException(action, status, code, message);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(action + " to " + queue.getHost() + " failed", e);
        }
    }

    private static String read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readNBytes(MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return Json.object();
        }
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            // A proxy's HTML error page, say: the status tells what happened.
            return Json.object();
        }
    }
}
