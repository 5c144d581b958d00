package dev.agentchat.standalone.support;

import dev.agentchat.standalone.AgentChatServer;
import java.util.Map;

/**
 * One running standalone server of a {@link RunningServer} class, with the environment it was
 * started with and the clients every test builds on it.
 */
public final class ServerUnderTest implements AutoCloseable {
    private final AgentChatServer server;
    private final Map<String, String> env;
    private final Api api;
    private final AdminCalls admin;
    private final StoredState storedState;

    ServerUnderTest(AgentChatServer server, Map<String, String> env) {
        this.server = server;
        this.env = Map.copyOf(env);
        this.api = new Api(server);
        this.admin = new AdminCalls(api);
        this.storedState = new StoredState(server.dynamoDb(), this.env);
    }

    /** Starts a server on 127.0.0.1, port 0, over an in-memory DynamoDB Local. */
    public static ServerUnderTest start(Map<String, String> env) throws Exception {
        return new ServerUnderTest(new AgentChatServer("127.0.0.1", 0, null, env).start(), env);
    }

    public AgentChatServer server() {
        return server;
    }

    /** The environment the handlers were configured from (it also decides the table names). */
    public Map<String, String> env() {
        return env;
    }

    public Api api() {
        return api;
    }

    public AdminCalls admin() {
        return admin;
    }

    public StoredState storedState() {
        return storedState;
    }

    public String wsUrl() {
        return WsClient.url(server);
    }

    /** Stops the server; its close() lets in-flight socket work finish before DynamoDB Local stops. */
    @Override
    public void close() {
        server.close();
    }
}
