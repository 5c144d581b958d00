package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.User;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Human accounts. Each user is two items: {@code usr_…} with the profile, and
 * {@code email#<address>} which makes the address unique and holds what login needs.
 */
public final class UserStore {
    static final String PK = "pk";
    static final String USER_ID = "user_id";
    static final String EMAIL = "email";
    static final String NAME = "name";
    static final String PASSWORD_HASH = "password_hash";
    static final String CREATED_AT = "created_at";
    /** On the profile item: how many rooms the user owns (what room creation checks against the limit). */
    static final String ROOM_COUNT = "room_count";

    private static final String EXISTS = "attribute_exists(" + PK + ")";

    private final DynamoDbClient db;
    private final String table;

    public UserStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** Stores a new user; false if the e-mail address is already taken. */
    public boolean create(User user) {
        Map<String, AttributeValue> profile = toItem(user);
        profile.put(PK, s(user.id()));
        profile.put(ROOM_COUNT, n(0));
        Map<String, AttributeValue> claim = toItem(user);
        claim.put(PK, s(emailKey(user.email())));
        try {
            Conditions.write(db, TransactWriteItemsRequest.builder().transactItems(
                    put(claim), put(profile)).build());
            return true;
        } catch (TransactionCanceledException e) {
            if (Conditions.failedAt(e, 0)) {
                return false;
            }
            throw e;
        }
    }

    public Optional<User> findById(String userId) {
        return get(userId);
    }

    public Optional<User> findByEmail(String email) {
        return get(emailKey(email));
    }

    /** How many rooms the user owns (the counter room creation checks against the limit). */
    public long roomCount(String userId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(table).key(key(userId)).consistentRead(true).build()).item();
        return item == null ? 0 : num(item, ROOM_COUNT, 0);
    }

    /** Whether the user's profile exists: one consistent read. */
    boolean exists(String userId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(table).key(key(userId)).consistentRead(true).build()).item();
        return item != null && !item.isEmpty();
    }

    /** The step that counts one more room for its owner, while the owner exists and is under the limit. */
    TransactWriteItem countRoomStep(String userId, int maxRoomsPerUser) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(userId))
                .updateExpression("SET " + ROOM_COUNT + " = if_not_exists(" + ROOM_COUNT + ", :zero) + :one")
                .conditionExpression(EXISTS + " AND (attribute_not_exists(" + ROOM_COUNT + ") OR "
                        + ROOM_COUNT + " < :max)")
                .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":max", n(maxRoomsPerUser)))
                .build()).build();
    }

    /** The step that gives a deleted room back on its owner's limit. */
    TransactWriteItem releaseRoomStep(String userId) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(userId))
                .updateExpression("SET " + ROOM_COUNT + " = " + ROOM_COUNT + " - :one")
                .conditionExpression(EXISTS + " AND " + ROOM_COUNT + " > :zero")
                .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0))).build()).build();
    }

    private Optional<User> get(String pk) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(table).key(key(pk)).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new User(str(item, USER_ID), str(item, EMAIL), str(item, NAME),
                str(item, PASSWORD_HASH), str(item, CREATED_AT)));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table).item(item).conditionExpression("attribute_not_exists(" + PK + ")").build()).build();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of(PK, s(pk));
    }

    private static Map<String, AttributeValue> toItem(User user) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(USER_ID, s(user.id()));
        item.put(EMAIL, s(user.email()));
        item.put(NAME, s(user.name()));
        item.put(PASSWORD_HASH, s(user.passwordHash()));
        item.put(CREATED_AT, s(user.createdAt()));
        return item;
    }

    static String emailKey(String email) {
        return "email#" + email;
    }
}
