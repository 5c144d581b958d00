package dev.agentchat.store;

import static dev.agentchat.store.Items.n;
import static dev.agentchat.store.Items.num;
import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.Session;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** Human sessions by token digest, expiring through the table's TTL attribute. */
public final class SessionStore {
    static final String TOKEN_HASH = "token_hash";
    static final String USER_ID = "user_id";
    /** TTL attribute, epoch seconds. */
    static final String EXPIRES_AT = "expires_at";

    private final DynamoDbClient db;
    private final String table;

    public SessionStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public void create(Session session) {
        db.putItem(PutItemRequest.builder().tableName(table).item(Map.of(
                TOKEN_HASH, s(session.tokenHash()),
                USER_ID, s(session.userId()),
                EXPIRES_AT, n(session.expiresAtEpochSeconds()))).build());
    }

    /** The session, if stored; the caller checks expiry because TTL deletion lags. */
    public Optional<Session> find(String tokenHash) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder()
                .tableName(table).key(Map.of(TOKEN_HASH, s(tokenHash))).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Session(tokenHash, str(item, USER_ID), num(item, EXPIRES_AT, 0)));
    }

    public void delete(String tokenHash) {
        db.deleteItem(DeleteItemRequest.builder().tableName(table).key(Map.of(TOKEN_HASH, s(tokenHash))).build());
    }
}
