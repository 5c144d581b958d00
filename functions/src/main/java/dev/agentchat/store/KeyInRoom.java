package dev.agentchat.store;

import dev.agentchat.model.Connection;
import dev.agentchat.model.Member;
import dev.agentchat.model.Room;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads an agent key and the room a request names in one strongly consistent {@code BatchGetItem}:
 * every agent request needs both (the key to know the caller, the room to refuse a room whose
 * deletion has begun, SPEC §4), and the room item then also serves what the request does with the
 * room (room info, the head a send appends after), so a request reads its room once.
 */
public final class KeyInRoom {
    /** A batch answers for part of its keys when throttled; the rest is asked for again. */
    private static final int MAX_ROUNDS = 8;

    /**
     * The key (empty if unknown) and the room item as stored (empty if it does not exist;
     * {@code deleting} if its deletion has begun); the socket's row if one was asked for and exists.
     */
    public record Read(Optional<Member> key, Optional<Room> room, boolean deleting, Optional<Connection> socket) {
        /** The room, if it exists and is not being deleted. */
        public Optional<Room> liveRoom() {
            return deleting ? Optional.empty() : room;
        }
    }

    private final DynamoDbClient db;
    private final String keysTable;
    private final String roomsTable;
    private final String connectionsTable;

    public KeyInRoom(DynamoDbClient db, TableNames tables) {
        this.db = db;
        this.keysTable = tables.keys();
        this.roomsTable = tables.rooms();
        this.connectionsTable = tables.connections();
    }

    public Read read(String keyHash, String roomId) {
        return read(keyHash, roomId, null);
    }

    /**
     * As {@link #read(String, String)}, for a WebSocket join: the row of the socket it arrives on
     * ({@code connectionId}; null: none) is read in the same call. A null {@code roomId} reads no
     * room (then it is reported as not existing).
     */
    public Read read(String keyHash, String roomId, String connectionId) {
        Map<String, KeysAndAttributes> wanted = new HashMap<>();
        wanted.put(keysTable, KeysAndAttributes.builder().consistentRead(true)
                .keys(List.of(Map.of(MemberStore.KEY_HASH, AttributeValue.fromS(keyHash)))).build());
        if (roomId != null) {
            wanted.put(roomsTable, KeysAndAttributes.builder().consistentRead(true)
                    .keys(List.of(Map.of(RoomStore.ROOM_ID, AttributeValue.fromS(roomId)))).build());
        }
        if (connectionId != null) {
            wanted.put(connectionsTable, KeysAndAttributes.builder().consistentRead(true)
                    .keys(List.of(Map.of(ConnectionStore.CONNECTION_ID, AttributeValue.fromS(connectionId)))).build());
        }
        Map<String, AttributeValue> key = null;
        Map<String, AttributeValue> room = null;
        Map<String, AttributeValue> socket = null;
        for (int round = 0; round < MAX_ROUNDS && !wanted.isEmpty(); round++) {
            BatchGetItemResponse answer = db.batchGetItem(BatchGetItemRequest.builder().requestItems(wanted).build());
            for (Map<String, AttributeValue> item : answer.responses().getOrDefault(keysTable, List.of())) {
                key = item;
            }
            for (Map<String, AttributeValue> item : answer.responses().getOrDefault(roomsTable, List.of())) {
                room = item;
            }
            for (Map<String, AttributeValue> item : answer.responses().getOrDefault(connectionsTable, List.of())) {
                socket = item;
            }
            wanted = answer.hasUnprocessedKeys() ? answer.unprocessedKeys() : Map.of();
            if (!wanted.isEmpty()) {
                backOff(round);
            }
        }
        if (!wanted.isEmpty()) {
            throw new IllegalStateException("DynamoDB left the key and room read unprocessed " + MAX_ROUNDS + " times");
        }
        return new Read(Optional.ofNullable(key).map(MemberStore::fromItem),
                Optional.ofNullable(room).map(RoomStore::fromItem),
                room != null && room.containsKey(RoomStore.DELETING_AT),
                Optional.ofNullable(socket).map(ConnectionStore::fromItem));
    }

    private static void backOff(int round) {
        try {
            Thread.sleep(Math.min(200, 10L << round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a key and its room", e);
        }
    }
}
