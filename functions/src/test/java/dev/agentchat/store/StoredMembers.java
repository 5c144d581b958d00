package dev.agentchat.store;

import dev.agentchat.model.Member;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Puts a key item as the store maps it, for tests outside the store that need an agent in a given state. */
public final class StoredMembers {
    private StoredMembers() {
    }

    public static Member put(DynamoDbClient db, String keysTable, Member member) {
        db.putItem(r -> r.tableName(keysTable).item(MemberStore.toItem(member)));
        return member;
    }
}
