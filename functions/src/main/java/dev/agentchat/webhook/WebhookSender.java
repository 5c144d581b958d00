package dev.agentchat.webhook;

import dev.agentchat.error.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Signs and sends one delivery to a webhook URL, checking the URL's addresses again first (a
 * name may resolve elsewhere now than when it was set). A URL that no longer passes is a failed
 * delivery, not an exception.
 */
public final class WebhookSender {
    private final WebhookTargets targets;
    private final WebhookClient client;
    private final Clock clock;

    public WebhookSender(WebhookTargets targets, WebhookClient client, Clock clock) {
        this.targets = targets;
        this.client = client;
        this.clock = clock;
    }

    /** The address checks, for setting a URL (400 with the reason when it fails). */
    public WebhookTarget check(String url) {
        return targets.check(url);
    }

    /**
     * POSTs the body signed with the secret under the delivery id (the same id on every retry of
     * the same delivery, so receivers can drop repeats).
     */
    public WebhookClient.Result send(String url, String secret, String deliveryId, String body) {
        WebhookTarget target;
        try {
            target = targets.check(url);
        } catch (Refusal refused) {
            return new WebhookClient.Result(0, 0, refused.getMessage());
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        return client.post(target, List.of(
                Map.entry(WebhookSignature.ID_HEADER, deliveryId),
                Map.entry(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp)),
                Map.entry(WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.sign(secret, deliveryId, timestamp, bytes))), bytes);
    }
}
