package dev.agentchat.handler.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.agentchat.config.AppConfig;
import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.Member;
import dev.agentchat.model.NameSource;
import dev.agentchat.model.Role;
import dev.agentchat.model.Webhook;
import dev.agentchat.realtime.ConnectionGateway;
import dev.agentchat.realtime.SqsClient;
import dev.agentchat.realtime.SqsWakeQueue;
import dev.agentchat.realtime.WakeJob;
import dev.agentchat.store.AppendGate;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.StoredMembers;
import dev.agentchat.store.TableNames;
import dev.agentchat.support.Json;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.LocalDynamo;
import dev.agentchat.testing.SqsReceiver;
import dev.agentchat.wiring.Wiring;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The delivery function as Lambda's SQS event source calls it, with the SQS wake queue: a failed
 * delivery is reported as that message's batch item failure after its visibility is set to the
 * schedule's next wait, a job past the schedule is reported without one (the redrive policy
 * takes it), an unreadable job is acknowledged, and a delivered one is not reported, so one bad
 * message never makes the batch come back.
 */
class WebhookDeliveryHandlerTest {
    private static final Secrets SECRETS = Secrets.create();

    private final AtomicInteger status = new AtomicInteger(204);
    private final List<String> deliveries = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private SqsReceiver sqs;
    private AppConfig config;
    private MemberStore members;
    private WebhookDeliveryHandler handler;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            deliveries.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        receiver.start();
        sqs = new SqsReceiver();
        config = LocalDynamo.freshConfig(Map.of("WEBHOOK_ALLOW_PRIVATE", "true", "WEBHOOK_RETRY_SECONDS", "5,30,1800"));
        members = new MemberStore(LocalDynamo.client(), TableNames.from(config).keys());
        SqsWakeQueue queue = new SqsWakeQueue(new SqsClient(UrlConnectionHttpClient.create(),
                SqsReceiver.credentials(), SqsReceiver.REGION), sqs.queueUrl());
        Wiring wiring = new Wiring(config, LocalDynamo.client(), Clock.systemUTC(), SECRETS,
                ConnectionGateway.unconfigured(), AppendGate.NONE, queue);
        handler = new WebhookDeliveryHandler(wiring.webhookDeliveries(), wiring.wakeQueue(), config.webhooks());
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        sqs.close();
    }

    @Test
    void aFailedDelivery_isThatMessagesBatchItemFailure_comingBackAfterTheScheduledWait() {
        status.set(500);
        Member agent = agentWithWebhook();
        SQSEvent event = event(message("m-1", "r-1", 1, job(agent, 1)), message("m-2", "r-2", 2, job(agent, 2)));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertEquals(List.of("m-1", "m-2"), failedIds(response));
        assertEquals(1, deliveries.size(), "the two jobs for one webhook went out as one delivery");
        assertEquals(Map.of("r-1", 5, "r-2", 30), visibilityByReceipt(),
                "each message waits as long as its own receive count says");
    }

    @Test
    void anUnreadableJob_isAcknowledged_andADeliveredOne_isNotReported() {
        Member agent = agentWithWebhook();
        SQSEvent event = event(message("m-bad", "r-bad", 1, "{not a job"), message("m-ok", "r-ok", 1, job(agent, 7)));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertEquals(List.of(), failedIds(response));
        assertEquals(1, deliveries.size());
        assertTrue(deliveries.get(0).contains("\"seq\":7"), deliveries.get(0));
        assertEquals(Map.of(), visibilityByReceipt());
    }

    @Test
    void aJobPastTheSchedule_isReportedWithoutAVisibilityChange_forTheRedrivePolicy() {
        status.set(503);
        Member agent = agentWithWebhook();
        int lastAttempt = config.webhooks().attempts();

        SQSBatchResponse response = handler.handleRequest(event(message("m-1", "r-1", lastAttempt, job(agent, 3))),
                null);

        assertEquals(List.of("m-1"), failedIds(response));
        assertEquals(Map.of(), visibilityByReceipt(), "the queue's own timeout brings it back, to the DLQ");
    }

    @Test
    void aRetryThatSqsRefusesToSchedule_isStillReported_andFailsNothingElse() {
        Member failing = agentWithWebhook();
        Member fine = agentWithWebhook();
        sqs.answerWith(r -> new SqsReceiver.Answer(500,
                "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"try again\"}"));
        status.set(500);
        SQSEvent event = event(message("m-fail", "r-fail", 1, job(failing, 1)));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertEquals(List.of("m-fail"), failedIds(response), "it comes back at the queue's visibility timeout");
        status.set(204);
        assertEquals(List.of(), failedIds(handler.handleRequest(event(message("m-ok", "r-ok", 1, job(fine, 2))), null)));
    }

    private Member agentWithWebhook() {
        String roomId = SECRETS.newId("room");
        Member agent = new Member(SECRETS.newId("hash"), SECRETS.newId("key"), roomId, Role.MEMBER, null,
                "2025-01-01T00:00:00.000Z", false, SECRETS.newId("agt"), "2025-01-01T00:00:01.000Z", "Sleeper",
                NameSource.FALLBACK, 0, ConnectionType.REST, false, null, false, null, null);
        StoredMembers.put(LocalDynamo.client(), TableNames.from(config).keys(), agent);
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        assertTrue(members.setWebhook(agent.keyHash(), url, Webhook.WakeEvents.ALL, "whsec_dGVzdHNlY3JldA==", 0));
        return agent;
    }

    private static String job(Member agent, long seq) {
        JsonNode event = Json.object().put("type", "message").put("seq", seq).put("content", "wake up");
        return new WakeJob(agent.keyHash(), agent.roomId(), List.of(event)).toJson();
    }

    private static SQSEvent.SQSMessage message(String id, String receipt, int receiveCount, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle(receipt);
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        message.setEventSource("aws:sqs");
        return message;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        List<String> ids = new ArrayList<>();
        response.getBatchItemFailures().forEach(f -> ids.add(f.getItemIdentifier()));
        return ids;
    }

    private Map<String, Integer> visibilityByReceipt() {
        assertEquals(List.of(), sqs.refusals());
        Map<String, Integer> byReceipt = new java.util.TreeMap<>();
        sqs.bodiesOf("ChangeMessageVisibility").forEach(body -> byReceipt.put(body.path("ReceiptHandle").asText(),
                body.path("VisibilityTimeout").asInt()));
        return byReceipt;
    }
}
