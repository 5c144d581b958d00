package dev.agentchat.standalone;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.agentchat.Routes;
import dev.agentchat.config.AppConfig;
import dev.agentchat.config.Services;
import dev.agentchat.service.Secrets;
import dev.agentchat.store.TableSetup;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * AgentChat on one machine: DynamoDB Local in-process, and a real HTTP server that hands each
 * {@code /api/*} request to the same Lambda handler class AWS runs, as API Gateway would.
 */
public final class AgentChatServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentChatServer.class);
    private static final String DB_FILE = "agentchat.db";

    private final String host;
    private final int requestedPort;
    private final Path dataDir;
    private final Map<String, String> env;

    private AmazonDynamoDBLocal dynamo;
    private Undertow undertow;
    private int port;

    /**
     * @param host    interface to listen on (loopback by default)
     * @param port    port, 0 for any free one
     * @param dataDir where DynamoDB Local keeps its file; null = in memory
     * @param env     the environment the handlers are configured from (limits, public URLs)
     */
    public AgentChatServer(String host, int port, Path dataDir, Map<String, String> env) {
        this.host = host;
        this.requestedPort = port;
        this.dataDir = dataDir;
        this.env = Map.copyOf(env);
    }

    public AgentChatServer start() throws Exception {
        File dbFile = null;
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            dbFile = dataDir.resolve(DB_FILE).toFile();
        }
        dynamo = DynamoDBEmbedded.create(dbFile, true);
        DynamoDbClient db = dynamo.dynamoDbClient();
        AppConfig config = AppConfig.fromEnv(env);
        int created = TableSetup.createMissing(db, config);
        LOG.debug("created {} tables", created);
        Services services = new Services(config, db, Clock.systemUTC(), Secrets.create());

        HttpApiAdapter api = new HttpApiAdapter(new HttpRouter(Routes.HTTP, services));
        undertow = Undertow.builder()
                .addHttpListener(requestedPort, host)
                // Long-polls hold a worker for up to 25 s each: size the pool for many waiting agents.
                .setWorkerThreads(256)
                // Bodies are size-checked by the adapter, which answers with the JSON 413.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L * 1024 * 1024)
                .setHandler(new FrontDoor(api, new StaticSite("web")))
                .build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        return this;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shownHost + ":" + port;
    }

    @Override
    public void close() {
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
        if (dynamo != null) {
            dynamo.shutdown();
            dynamo = null;
        }
    }
}
