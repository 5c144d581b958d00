package dev.agentchat.store;

import static dev.agentchat.store.Items.s;
import static dev.agentchat.store.Items.str;

import dev.agentchat.model.HumanRole;
import dev.agentchat.model.RoomHuman;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The humans of each room and their roles (one item per room and user, see {@link Tables#HUMANS}). */
public final class HumanStore {
    static final String ROOM_ID = "room_id";
    static final String USER_ID = "user_id";
    /** A reserved word in expressions: written as {@code #role}. */
    static final String ROLE = "role";
    static final String NAME = "name";
    static final String JOINED_AT = "joined_at";

    private final DynamoDbClient db;
    private final String table;

    public HumanStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** The user's place in the room, if they have one: one consistent read. */
    public Optional<RoomHuman> find(String roomId, String userId) {
        Map<String, AttributeValue> item = db.getItem(GetItemRequest.builder().tableName(table)
                .key(key(roomId, userId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Every human of the room, by user id. */
    public List<RoomHuman> listByRoom(String roomId) {
        List<RoomHuman> humans = new ArrayList<>();
        db.queryPaginator(QueryRequest.builder().tableName(table)
                        .keyConditionExpression(ROOM_ID + " = :r")
                        .expressionAttributeValues(Map.of(":r", s(roomId)))
                        .consistentRead(true)
                        .build())
                .items().forEach(item -> humans.add(fromItem(item)));
        return humans;
    }

    /** Every room the user is a human of (the index is eventually consistent: a join a moment old may be missing). */
    public List<RoomHuman> listByUser(String userId) {
        List<RoomHuman> places = new ArrayList<>();
        db.queryPaginator(QueryRequest.builder().tableName(table).indexName(Tables.HUMANS_BY_USER)
                        .keyConditionExpression(USER_ID + " = :u")
                        .expressionAttributeValues(Map.of(":u", s(userId)))
                        .build())
                .items().forEach(item -> places.add(fromItem(item)));
        return places;
    }

    /** Removes a human who is not the owner; false if they were not (or no longer) in the room, or are its owner. */
    public boolean removeNonOwner(String roomId, String userId) {
        try {
            db.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(roomId, userId))
                    .conditionExpression("attribute_exists(" + USER_ID + ") AND #role <> :owner")
                    .expressionAttributeNames(Map.of("#role", ROLE))
                    .expressionAttributeValues(Map.of(":owner", s(HumanRole.OWNER.wire())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Deletes every human of a room being deleted; returns how many. */
    public int deleteRoom(String roomId) {
        return Batches.deletePartition(db, table, ROOM_ID, roomId, USER_ID);
    }

    /** The step that adds a human to a room; it fails if they are in it already. */
    TransactWriteItem putStep(RoomHuman human) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(human))
                .conditionExpression("attribute_not_exists(" + USER_ID + ")").build()).build();
    }

    private static Map<String, AttributeValue> key(String roomId, String userId) {
        return Map.of(ROOM_ID, s(roomId), USER_ID, s(userId));
    }

    static Map<String, AttributeValue> toItem(RoomHuman human) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ROOM_ID, s(human.roomId()));
        item.put(USER_ID, s(human.userId()));
        item.put(NAME, s(human.name()));
        item.put(ROLE, s(human.role().wire()));
        item.put(JOINED_AT, s(human.joinedAt()));
        return item;
    }

    static RoomHuman fromItem(Map<String, AttributeValue> item) {
        return new RoomHuman(str(item, ROOM_ID), str(item, USER_ID), str(item, NAME),
                HumanRole.fromWire(str(item, ROLE)), str(item, JOINED_AT));
    }
}
