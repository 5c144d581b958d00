package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.putIfPresent;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.HumanInvite;
import dev.agentchat.model.HumanRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Human invite links by token digest (see {@link Tables#HUMAN_INVITES}). */
public final class HumanInviteStore {
    static final String TOKEN_HASH = "token_hash";
    static final String INVITE_ID = "invite_id";
    static final String ROOM_ID = "room_id";
    static final String ROLE = "role";
    static final String CREATED_BY = "created_by";
    static final String CREATED_AT = "created_at";
    /** When the link stops working, epoch millis. */
    static final String VALID_UNTIL = "valid_until";
    static final String USED_BY = "used_by";
    static final String USED_AT = "used_at";
    static final String AGENT_KEY_HASH = "agent_key_hash";
    static final String REVOKED_AT = "revoked_at";
    /** TTL attribute, epoch seconds: a while after the link expired, so that using it still says "expired". */
    static final String EXPIRES_AT = "expires_at";

    private static final long KEPT_AFTER_EXPIRY_SECONDS = 7L * 24 * 3600;

    private final DynamoDbClient db;
    private final String table;

    public HumanInviteStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public void create(HumanInvite invite) {
        db.putItem(PutItemRequest.builder().tableName(table).item(toItem(invite))
                .conditionExpression("attribute_not_exists(" + TOKEN_HASH + ")").build());
    }

    public Optional<HumanInvite> find(String tokenHash) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder().tableName(table)
                .key(Map.of(TOKEN_HASH, s(tokenHash))).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * Every link of the room that is still stored (spent and expired ones go by TTL a week after
     * they expire), oldest first. The index is eventually consistent: a link a moment old may be missing.
     */
    public List<HumanInvite> listByRoom(String roomId) {
        List<HumanInvite> links = new ArrayList<>();
        db.queryPaginator(QueryRequest.builder().tableName(table).indexName(Tables.HUMAN_INVITES_BY_ROOM)
                        .keyConditionExpression(ROOM_ID + " = :r")
                        .expressionAttributeValues(Map.of(":r", s(roomId)))
                        .build())
                .items().forEach(item -> links.add(fromItem(item)));
        return links;
    }

    /**
     * Stops the room's link from working; false if it is not the room's, or was used meanwhile.
     * Revoking a link revoked before keeps the first time.
     */
    public boolean revoke(String roomId, String tokenHash, String revokedAt) {
        try {
            db.updateItem(UpdateItemRequest.builder().tableName(table).key(Map.of(TOKEN_HASH, s(tokenHash)))
                    .updateExpression("SET " + REVOKED_AT + " = if_not_exists(" + REVOKED_AT + ", :at)")
                    .conditionExpression(ROOM_ID + " = :r AND attribute_not_exists(" + USED_BY + ")")
                    .expressionAttributeValues(Map.of(":r", s(roomId), ":at", s(revokedAt)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The step that spends the link; it holds only while the link is unused, unrevoked and unexpired. */
    TransactWriteItem useStep(String tokenHash, String userId, String usedAt, long nowMillis) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(TOKEN_HASH, s(tokenHash)))
                .updateExpression("SET " + USED_BY + " = :user, " + USED_AT + " = :at")
                .conditionExpression("attribute_exists(" + TOKEN_HASH + ") AND attribute_not_exists(" + USED_BY
                        + ") AND attribute_not_exists(" + REVOKED_AT + ") AND " + VALID_UNTIL + " > :now")
                .expressionAttributeValues(Map.of(":user", s(userId), ":at", s(usedAt), ":now", n(nowMillis)))
                .build()).build();
    }

    static Map<String, AttributeValue> toItem(HumanInvite invite) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TOKEN_HASH, s(invite.tokenHash()));
        item.put(INVITE_ID, s(invite.inviteId()));
        item.put(ROOM_ID, s(invite.roomId()));
        item.put(ROLE, s(invite.role().wire()));
        putIfPresent(item, CREATED_BY, invite.createdBy());
        item.put(CREATED_AT, s(invite.createdAt()));
        item.put(VALID_UNTIL, n(invite.expiresAtMillis()));
        item.put(EXPIRES_AT, n(invite.expiresAtMillis() / 1000 + KEPT_AFTER_EXPIRY_SECONDS));
        putIfPresent(item, USED_BY, invite.usedBy());
        putIfPresent(item, USED_AT, invite.usedAt());
        putIfPresent(item, AGENT_KEY_HASH, invite.agentKeyHash());
        putIfPresent(item, REVOKED_AT, invite.revokedAt());
        return item;
    }

    static HumanInvite fromItem(Map<String, AttributeValue> item) {
        return new HumanInvite(str(item, TOKEN_HASH), str(item, INVITE_ID), str(item, ROOM_ID),
                HumanRole.fromWire(str(item, ROLE)), str(item, CREATED_BY), str(item, CREATED_AT),
                num(item, VALID_UNTIL, 0), str(item, USED_BY), str(item, USED_AT), str(item, AGENT_KEY_HASH),
                str(item, REVOKED_AT));
    }
}
