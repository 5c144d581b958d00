package dev.agentchat.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.config.WebhookSettings;
import dev.agentchat.json.WakePayloads;
import dev.agentchat.model.EventDraft;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Member;
import dev.agentchat.model.SenderKind;
import dev.agentchat.model.Webhook;
import dev.agentchat.store.AppendRefused;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.Transactions;
import dev.agentchat.support.Secrets;
import dev.agentchat.support.Timestamps;
import dev.agentchat.webhook.WebhookClient;
import dev.agentchat.webhook.WebhookSender;
import java.time.Clock;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers wake jobs to one agent's webhook: the jobs' events merged into one signed POST
 * (oldest first, each seq once), its result recorded on the webhook, and the webhook disabled
 * with a {@code system} note once it failed too many times in a row.
 */
public final class WebhookDeliveries {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveries.class);
    public static final String DISABLED_CODE = "webhook_disabled";

    /** What became of a delivery. */
    public enum Outcome {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** It failed; try again later. */
        FAILED,
        /** Nothing to deliver any more: the webhook is gone or off, or the agent has a socket now. */
        DROPPED
    }

    private final MemberStore members;
    private final Transactions transactions;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final Clock clock;

    public WebhookDeliveries(MemberStore members, Transactions transactions, WebhookSender sender,
                             WebhookSettings settings, Clock clock) {
        this.members = members;
        this.transactions = transactions;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
    }

    /** Delivers these jobs (all for {@code keyHash}) as one POST. */
    public Outcome deliver(String keyHash, List<WakeJob> jobs) {
        Member member = members.find(keyHash).orElse(null);
        if (member == null || member.revoked() || member.webhook() == null || !member.webhook().active()) {
            return Outcome.DROPPED;
        }
        if (member.connectionId() != null) {
            // It connected since: its socket's join brings it up to date.
            return Outcome.DROPPED;
        }
        TreeMap<Long, JsonNode> events = new TreeMap<>();
        jobs.forEach(job -> job.events().forEach(e -> events.putIfAbsent(e.path("seq").asLong(), e)));
        String roomId = jobs.get(0).roomId();
        String body = WakePayloads.events(roomId, List.copyOf(events.values()));
        // The same events give the same id on every retry: receivers drop repeats by it.
        String id = "msg_" + Secrets.sha256Hex(keyHash + ":" + events.keySet()).substring(0, 24);
        Webhook webhook = member.webhook();
        WebhookClient.Result result = sender.send(webhook.url(), webhook.secret(), id, body);
        Webhook.Delivery delivery = new Webhook.Delivery(Timestamps.format(clock.millis()), result.ok(),
                result.status(), result.latencyMillis(), result.error());
        boolean disabledNow = members.recordDelivery(keyHash, webhook.secret(), delivery, true,
                settings.maxFailures());
        if (disabledNow) {
            disabledNote(member, result);
        }
        if (!result.ok()) {
            LOG.info("webhook delivery {} for {} failed: {}", id, member.agentId(), result.error());
        }
        return result.ok() ? Outcome.DELIVERED : disabledNow ? Outcome.DROPPED : Outcome.FAILED;
    }

    private void disabledNote(Member member, WebhookClient.Result last) {
        String text = "The webhook of " + member.name() + " was disabled after " + settings.maxFailures()
                + " failed deliveries in a row (last: " + last.error() + "). It can set it again to re-enable it.";
        try {
            transactions.note(member.roomId(), new EventDraft(EventType.SYSTEM, null, null, SenderKind.SYSTEM, text,
                    DISABLED_CODE));
        } catch (AppendRefused refused) {
            LOG.warn("could not note the disabled webhook of {}: {}", member.agentId(), refused.reason());
        }
    }
}
