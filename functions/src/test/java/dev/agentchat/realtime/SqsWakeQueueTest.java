package dev.agentchat.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.testing.SqsReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The wake queue's SQS requests, sent over the real URL-connection client to a loopback receiver
 * that checks their SigV4 signatures independently: the JSON protocol's shape for each action,
 * batching within SQS's limits, visibility rounding, and SQS's errors surfacing.
 */
class SqsWakeQueueTest {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

    private SqsReceiver sqs;
    private SqsWakeQueue queue;

    @BeforeEach
    void start() throws Exception {
        sqs = new SqsReceiver();
        queue = new SqsWakeQueue(client(SqsReceiver.SECRET_KEY), sqs.queueUrl());
    }

    @AfterEach
    void stop() {
        sqs.close();
    }

    private static SqsClient client(String secretKey) {
        return new SqsClient(HTTP, SqsReceiver.credentials(secretKey), SqsReceiver.REGION);
    }

    @Test
    void send_postsASignedSendMessage_withTheQueueUrlAndBody() {
        sqs.answerWith(r -> new SqsReceiver.Answer(200, "{\"MessageId\":\"m-1\",\"MD5OfMessageBody\":\"x\"}"));

        queue.send("{\"key\":\"k\",\"room\":\"r\",\"events\":[{\"seq\":1}]}");

        assertEquals(List.of(), sqs.refusals());
        SqsReceiver.Received request = sqs.received().get(0);
        assertEquals("SendMessage", request.action());
        assertEquals(sqs.queueUrl(), request.body().path("QueueUrl").asText());
        assertEquals("{\"key\":\"k\",\"room\":\"r\",\"events\":[{\"seq\":1}]}", request.body().path("MessageBody").asText());
        assertFalse(request.body().has("DelaySeconds"), "a new job is due at once");
    }

    @Test
    void sendAll_batchesTenEntriesPerRequest() {
        List<String> bodies = IntStream.range(0, 23).mapToObj(i -> "{\"job\":" + i + "}").toList();
        sqs.answerWith(SqsWakeQueueTest::allSuccessful);

        queue.sendAll(bodies);

        assertEquals(List.of(), sqs.refusals());
        List<SqsReceiver.Received> requests = sqs.received();
        assertEquals(List.of("SendMessageBatch", "SendMessageBatch", "SendMessageBatch"),
                requests.stream().map(SqsReceiver.Received::action).toList());
        List<String> sent = new ArrayList<>();
        for (SqsReceiver.Received request : requests) {
            List<String> ids = new ArrayList<>();
            request.body().path("Entries").forEach(e -> {
                ids.add(e.path("Id").asText());
                sent.add(e.path("MessageBody").asText());
            });
            assertEquals(ids.size(), ids.stream().distinct().count(), "entry ids are unique within a batch");
        }
        assertEquals(List.of(10, 10, 3), requests.stream().map(r -> r.body().path("Entries").size()).toList());
        assertEquals(bodies, sent, "every job once, in order");
    }

    @Test
    void sendAll_startsANewBatch_beforeTheBodiesExceedSqsBatchSize() {
        String big = "x".repeat(100 * 1024);
        sqs.answerWith(SqsWakeQueueTest::allSuccessful);

        queue.sendAll(List.of(big, big, big));

        assertEquals(List.of("SendMessageBatch", "SendMessage"),
                sqs.received().stream().map(SqsReceiver.Received::action).toList(), "200 KB fit in a batch, 300 KB do not");
    }

    @Test
    void sendAll_throwsNamingTheEntriesSqsDidNotTake() {
        sqs.answerWith(r -> new SqsReceiver.Answer(200, "{\"Successful\":[{\"Id\":\"0\",\"MessageId\":\"m\"}],"
                + "\"Failed\":[{\"Id\":\"1\",\"SenderFault\":false,\"Code\":\"InternalError\",\"Message\":\"x\"}]}"));

        SqsClient.SqsException e = assertThrows(SqsClient.SqsException.class, () -> queue.sendAll(List.of("a", "b")));

        assertTrue(e.getMessage().contains("1 of 2") && e.getMessage().contains("InternalError"), e.getMessage());
    }

    @Test
    void retryAfter_setsTheVisibilityTimeout_roundedUpToWholeSeconds() {
        queue.retryAfter("receipt-1", 30_000);
        queue.retryAfter("receipt-2", 1_500);
        queue.retryAfter("receipt-3", 1_800_000);

        assertEquals(List.of(), sqs.refusals());
        List<JsonNode> bodies = sqs.received().stream().map(SqsReceiver.Received::body).toList();
        assertEquals(List.of("ChangeMessageVisibility"), sqs.received().stream().map(SqsReceiver.Received::action)
                .distinct().toList());
        assertEquals(List.of("receipt-1", "receipt-2", "receipt-3"),
                bodies.stream().map(b -> b.path("ReceiptHandle").asText()).toList());
        assertEquals(List.of(30, 2, 1800), bodies.stream().map(b -> b.path("VisibilityTimeout").asInt()).toList(),
                "the schedule's 30 min, past DelaySeconds' 900 s, is a plain visibility timeout");
    }

    @Test
    void anSqsError_throwsWithItsCodeAndMessage() {
        sqs.answerWith(r -> new SqsReceiver.Answer(400,
                "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}"));

        SqsClient.SqsException e = assertThrows(SqsClient.SqsException.class, () -> queue.send("{}"));

        assertEquals(400, e.status());
        assertEquals("QueueDoesNotExist", e.code());
        assertTrue(e.getMessage().contains("The specified queue does not exist."), e.getMessage());
    }

    @Test
    void aRequestSignedWithAnotherSecret_isRefused() {
        SqsWakeQueue wrong = new SqsWakeQueue(client("not-the-secret"), sqs.queueUrl());

        SqsClient.SqsException e = assertThrows(SqsClient.SqsException.class, () -> wrong.send("{}"));

        assertEquals("SignatureDoesNotMatch", e.code());
        assertEquals(List.of("signature does not match the request"), sqs.refusals());
        assertTrue(sqs.received().isEmpty());
    }

    private static SqsReceiver.Answer allSuccessful(SqsReceiver.Received request) {
        StringBuilder ok = new StringBuilder("{\"Successful\":[");
        request.body().path("Entries").forEach(e -> ok.append(ok.charAt(ok.length() - 1) == '[' ? "" : ",")
                .append("{\"Id\":\"").append(e.path("Id").asText()).append("\",\"MessageId\":\"m\"}"));
        return new SqsReceiver.Answer(200, ok.append("],\"Failed\":[]}").toString());
    }
}
