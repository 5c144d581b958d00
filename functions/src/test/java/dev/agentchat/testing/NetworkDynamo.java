package dev.agentchat.testing;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * DynamoDB Local over HTTP on the loopback interface, for tests whose client must run the SDK's
 * whole request pipeline (retries, execution interceptors): the embedded client skips it.
 * DynamoDB Local's own {@code ServerRunner} binds every interface, so its request handler is
 * mounted here on a Jetty connector bound to 127.0.0.1 on a free port.
 */
public final class NetworkDynamo implements AutoCloseable {
    private final LocalDynamoDBRequestHandler requests;
    private final Server server;
    private final int port;

    private NetworkDynamo(LocalDynamoDBRequestHandler requests, Server server, int port) {
        this.requests = requests;
        this.server = server;
        this.port = port;
    }

    /** Starts an in-memory instance; every access key and region share one database. */
    public static NetworkDynamo start() throws Exception {
        LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler();
        context.setHandler(new LocalDynamoDBServerHandler(requests, "*"));
        server.setHandler(context);
        server.start();
        return new NetworkDynamo(requests, server, connector.getLocalPort());
    }

    /** The endpoint to give the SDK ({@code DYNAMODB_ENDPOINT}). */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        requests.shutdown();
    }
}
