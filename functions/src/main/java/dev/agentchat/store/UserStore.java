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

/**
 * Human accounts. Each user is two items: {@code usr_…} with the profile, and
 * {@code email#<address>} which makes the address unique and holds what login needs.
 */
public final class UserStore {
    static final String ROOM_COUNT = "room_count";

    private final DynamoDbClient db;
    private final String table;

    public UserStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** Stores a new user; false if the e-mail address is already taken. */
    public boolean create(User user) {
        Map<String, AttributeValue> profile = toItem(user);
        profile.put("pk", s(user.id()));
        profile.put(ROOM_COUNT, n(0));
        Map<String, AttributeValue> claim = toItem(user);
        claim.put("pk", s(emailKey(user.email())));
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
                .tableName(table).key(Map.of("pk", s(userId))).consistentRead(true).build()).item();
        return item == null ? 0 : num(item, ROOM_COUNT, 0);
    }

    String table() {
        return table;
    }

    private Optional<User> get(String pk) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(table).key(Map.of("pk", s(pk))).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new User(str(item, "user_id"), str(item, "email"), str(item, "name"),
                str(item, "password_hash"), str(item, "created_at")));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table).item(item).conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private static Map<String, AttributeValue> toItem(User user) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("user_id", s(user.id()));
        item.put("email", s(user.email()));
        item.put("name", s(user.name()));
        item.put("password_hash", s(user.passwordHash()));
        item.put("created_at", s(user.createdAt()));
        return item;
    }

    static String emailKey(String email) {
        return "email#" + email;
    }
}
