package dev.agentchat.standalone.bench;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local as a network server on loopback, in memory, for the benchmarks: other JVMs
 * (cold starts) and our own SDK clients (with interceptors) reach it over HTTP the way a Lambda
 * reaches DynamoDB. DynamoDB Local's own {@code ServerRunner} binds every interface, so its
 * request handler is mounted on a Jetty connector bound to 127.0.0.1 instead.
 */
final class LocalDynamo implements AutoCloseable {
    private final Server server;
    private final int port;

    private LocalDynamo(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static LocalDynamo start() throws Exception {
        // (port unused, in memory, no db path, one shared database whatever the credentials, no delays)
        LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new LocalDynamoDBServerHandler(requests, null));
        server.start();
        return new LocalDynamo(server, connector.getLocalPort());
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
