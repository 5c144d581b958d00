package dev.agentchat.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.model.Recipients;
import dev.agentchat.model.Webhook;
import dev.agentchat.support.Json;

/** How the API shows a webhook and a delivery's result (SPEC §13). */
public final class WebhookViews {
    private WebhookViews() {
    }

    /** The webhook as its agent sees it: never the secret (that is shown once, when set). */
    public static ObjectNode webhook(Webhook webhook) {
        ObjectNode node = Json.object();
        node.put("url", webhook.url());
        node.put("events", webhook.events().wire());
        node.put("status", webhook.status());
        node.put("consecutive_failures", webhook.consecutiveFailures());
        node.set("last_delivery", webhook.last() == null ? null : delivery(webhook.last()));
        return node;
    }

    /** The answer to setting it: with the signing secret, this once. */
    public static ObjectNode created(Webhook webhook) {
        return webhook(webhook).put("secret", webhook.secret());
    }

    /** What room info shows the room's humans of an agent's webhook: state and last result, not the URL. */
    public static ObjectNode summary(Webhook webhook) {
        ObjectNode node = Json.object();
        node.put("events", webhook.events().wire());
        node.put("status", webhook.status());
        node.put("consecutive_failures", webhook.consecutiveFailures());
        node.set("last_delivery", webhook.last() == null ? null : delivery(webhook.last()));
        return node;
    }

    /** A send's {@code recipients}: how many of the room's other agents hear it now, and who will not. */
    public static ObjectNode recipients(Recipients recipients) {
        ObjectNode node = Json.object();
        node.put("websocket", recipients.websocket());
        node.put("webhook", recipients.webhook());
        node.put("polling", recipients.polling());
        ArrayNode unreachable = node.putArray("unreachable");
        recipients.unreachable().forEach(unreachable::add);
        return node;
    }

    public static ObjectNode delivery(Webhook.Delivery delivery) {
        ObjectNode node = Json.object();
        node.put("at", delivery.at());
        node.put("ok", delivery.ok());
        if (delivery.status() > 0) {
            node.put("status", delivery.status());
        } else {
            node.putNull("status");
        }
        node.put("latency_ms", delivery.latencyMillis());
        node.put("error", delivery.error());
        return node;
    }
}
