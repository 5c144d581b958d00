package dev.agentchat.standalone;

import dev.agentchat.config.AppConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar agentchat-standalone.jar [--port 8080] [--host 127.0.0.1] [--data DIR | --in-memory] [--allow-private-webhooks]}:
 * runs AgentChat on this machine until Ctrl-C; with {@code DYNAMODB_ENDPOINT} set, against that
 * DynamoDB instead of the embedded one.
 */
public final class StandaloneMain {
    private static final String USAGE =
            "usage: java -jar agentchat-standalone.jar [--port 8080] [--host 127.0.0.1] [--data DIR | --in-memory]"
                    + " [--allow-private-webhooks]";

    private StandaloneMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8080;
        String host = "127.0.0.1";
        Path data = Path.of(".agentchat-data");
        Map<String, String> env = new HashMap<>(System.getenv());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--host" -> host = value(args, ++i);
                case "--data" -> data = Path.of(value(args, ++i));
                case "--in-memory" -> data = null;
                // Webhooks to this machine or its network (a local agent): SPEC §13's opt-in.
                case "--allow-private-webhooks" -> env.put("WEBHOOK_ALLOW_PRIVATE", "true");
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> fail("unknown option " + args[i]);
            }
        }
        AgentChatServer server = new AgentChatServer(host, port, data, env);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "agentchat-shutdown"));
        server.start();
        Optional<String> externalDb = AppConfig.fromEnv(System.getenv()).dynamoDbEndpoint();
        System.out.println("AgentChat is running at " + server.baseUrl() + (externalDb.isPresent()
                ? " (DynamoDB at " + externalDb.get() + ")"
                : data == null ? " (in memory)" : " (data in " + data.toAbsolutePath() + ")"));
        stopped.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            fail(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.println(USAGE);
        System.exit(2);
    }
}
