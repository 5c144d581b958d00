package dev.agentchat.service;

import dev.agentchat.config.WebhookSettings;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.json.WakePayloads;
import dev.agentchat.model.Member;
import dev.agentchat.model.Webhook;
import dev.agentchat.store.MemberStore;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import dev.agentchat.webhook.WebhookClient;
import dev.agentchat.webhook.WebhookSender;
import dev.agentchat.webhook.WebhookSignature;
import java.security.SecureRandom;
import java.time.Clock;

/** An agent's own webhook: set, show, remove and test it (SPEC §13). */
public final class WebhookService {
    /** A checked request to set a webhook: the URL passed the address checks. */
    public record Checked(String url, Webhook.WakeEvents events) {
    }

    /** A test delivery: the receiver's answer and how long it took. */
    public record TestResult(Webhook.Delivery delivery) {
    }

    private final MemberStore members;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final Secrets secrets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public WebhookService(MemberStore members, WebhookSender sender, WebhookSettings settings, Secrets secrets,
                          Clock clock) {
        this.members = members;
        this.sender = sender;
        this.settings = settings;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * Checks a request to set a webhook before anything is stored: 400 naming why the URL or the
     * events are refused.
     */
    public Checked check(String url, String events) {
        Webhook.WakeEvents which = events == null ? Webhook.WakeEvents.ALL : Webhook.WakeEvents.fromWire(events);
        if (which == null) {
            throw Refusal.badRequest("'events' must be \"all\" or \"mentions\", got \"" + events + "\".");
        }
        return new Checked(sender.check(url).uri().toString(), which);
    }

    /** Sets the agent's webhook; the answer holds the new signing secret, which is shown this once. */
    public Webhook set(Member agent, Checked request) {
        String secret = WebhookSignature.newSecret(random);
        long now = clock.millis();
        if (!members.setWebhook(agent.keyHash(), request.url(), request.events(), secret, now)) {
            throw Refusals.keyRevoked();
        }
        return new Webhook(request.url(), request.events(), secret, false, 0, null, now);
    }

    /** The agent's webhook as stored (404 when it has none). */
    public Webhook get(Member agent) {
        return members.find(agent.keyHash()).map(Member::webhook).orElseThrow(WebhookService::none);
    }

    public void delete(Member agent) {
        if (!members.removeWebhook(agent.keyHash())) {
            throw none();
        }
    }

    /**
     * Delivers a signed {@code webhook.test} now and records it as the last result (it does not
     * count towards disabling the webhook, nor does it re-enable one).
     */
    public TestResult test(Member agent) {
        Webhook webhook = get(agent);
        String id = secrets.newId("whmsg");
        String sentAt = Timestamps.format(clock.millis());
        WebhookClient.Result result = sender.send(webhook.url(), webhook.secret(), id,
                WakePayloads.test(agent.roomId(), agent.agentId(), sentAt));
        Webhook.Delivery delivery = new Webhook.Delivery(sentAt, result.ok(), result.status(), result.latencyMillis(),
                result.error());
        members.recordDelivery(agent.keyHash(), webhook.secret(), delivery, false, settings.maxFailures());
        return new TestResult(delivery);
    }

    private static Refusal none() {
        return Refusal.notFound("This agent has no webhook; set one with PUT /api/rooms/{room}/webhook.");
    }
}
