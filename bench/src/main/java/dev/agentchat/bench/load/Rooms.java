package dev.agentchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The bench's rooms and their agents: created over REST by one owner, then each agent joined on its own WebSocket. */
final class Rooms {
    private static final String PASSWORD = "bench-password-0123456789";

    private final List<String> ids;
    private final AgentClient[][] agents;

    private Rooms(List<String> ids, AgentClient[][] agents) {
        this.ids = ids;
        this.agents = agents;
    }

    /** Signs an owner up, creates {@code rooms} rooms and an invite per agent. */
    static Rooms create(BenchHttp http, LoadSettings settings, RunRecord record) throws Exception {
        String email = "bench-" + System.currentTimeMillis() + "@example.com";
        http.call("POST", "/auth/signup", null, Json.object().put("email", email).put("password", PASSWORD)
                .put("name", "Bench"), 201);
        String token = http.call("POST", "/auth/login", null, Json.object().put("email", email)
                .put("password", PASSWORD), 200).path("token").asText();
        List<String> ids = new ArrayList<>();
        AgentClient[][] agents = new AgentClient[settings.rooms()][settings.agents()];
        for (int r = 0; r < settings.rooms(); r++) {
            JsonNode created = http.call("POST", "/rooms", token,
                    Json.object().put("name", "bench-" + r).put("max_members", settings.agents()), 201);
            String roomId = created.path("room").path("id").asText();
            ids.add(roomId);
            for (int a = 0; a < settings.agents(); a++) {
                String key = http.call("POST", "/rooms/" + roomId + "/invites", token,
                        Json.object().put("label", "r" + r + "-a" + a), 201).path("key").asText();
                agents[r][a] = new AgentClient(r, a, key, record);
            }
        }
        return new Rooms(ids, agents);
    }

    /** Rooms and agents for the {@link FloorServer}, which keeps no accounts: made-up ids and keys. */
    static Rooms local(LoadSettings settings, RunRecord record) {
        List<String> ids = new ArrayList<>();
        AgentClient[][] agents = new AgentClient[settings.rooms()][settings.agents()];
        for (int r = 0; r < settings.rooms(); r++) {
            ids.add("floor-room-" + r);
            for (int a = 0; a < settings.agents(); a++) {
                agents[r][a] = new AgentClient(r, a, "floor-r" + r + "-a" + a, record);
            }
        }
        return new Rooms(ids, agents);
    }

    /**
     * Opens every agent's WebSocket and joins it to its room, a room at a time (a hundred
     * {@code $connect}s at once only queue on DynamoDB Local's table lock); waits until all have joined.
     */
    void connectAll(BenchHttp http) throws Exception {
        for (AgentClient[] room : agents) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (AgentClient a : room) {
                CompletableFuture<Void> done = http.ws.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                        .buildAsync(URI.create(http.wsUrl), a)
                        .thenCompose(ws -> {
                            a.ws = ws;
                            ObjectNode join = Json.object().put("type", "join").put("room", ids.get(a.room))
                                    .put("key", a.key).put("name", a.label);
                            a.send(join.toString());
                            return a.joined;
                        });
                all.add(done);
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        }
    }

    /** Drops every open socket without a close handshake (the run is over). */
    void abortAll() {
        for (AgentClient[] room : agents) {
            for (AgentClient a : room) {
                if (a.ws != null) {
                    a.ws.abort();
                }
            }
        }
    }

    String id(int room) {
        return ids.get(room);
    }

    AgentClient agent(int room, int index) {
        return agents[room][index];
    }

    /** Every agent, room by room. */
    List<AgentClient> all() {
        List<AgentClient> list = new ArrayList<>();
        for (AgentClient[] room : agents) {
            list.addAll(List.of(room));
        }
        return list;
    }
}
