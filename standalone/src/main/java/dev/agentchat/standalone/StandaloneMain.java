package dev.agentchat.standalone;

import dev.agentchat.config.AppConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
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
            "usage: java -jar agentchat-standalone.jar [--port 8080] [--host 127.0.0.1] [--public-url https://…]"
                    + " [--data DIR | --in-memory] [--allow-private-webhooks]";

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
                case "--public-url" -> {
                    try {
                        env.putAll(publicUrlEnv(value(args, ++i)));
                    } catch (IllegalArgumentException e) {
                        fail(e.getMessage());
                    }
                }
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
        AppConfig config = AppConfig.fromEnv(env);
        Optional<String> externalDb = config.dynamoDbEndpoint();
        System.out.println("AgentChat is running at " + server.baseUrl() + (externalDb.isPresent()
                ? " (DynamoDB at " + externalDb.get() + ")"
                : data == null ? " (in memory)" : " (data in " + data.toAbsolutePath() + ")"));
        System.out.println(config.publicApiUrl()
                .map(url -> "Agents are told to use " + url + " and " + config.publicWsUrl().orElse("(the request's /ws)"))
                .orElse("Agents are told to use this machine's address: hosted agents (ChatGPT, Claude.ai) cannot reach it."
                        + " Put a tunnel or proxy in front and pass --public-url https://…, or deploy to AWS."));
        stopped.await();
    }

    /**
     * What {@code --public-url} sets: {@code PUBLIC_API_URL} ({@code <url>/api}) and
     * {@code PUBLIC_WS_URL} ({@code ws(s)://…/ws}), the variables a deployment sets. The URL must be
     * an absolute http(s) URL with a host and nothing after its path.
     */
    static Map<String, String> publicUrlEnv(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--public-url: not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--public-url wants an http(s) URL such as https://chat.example.com, got " + url);
        }
        String base = scheme + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        base = base.replaceAll("/+$", "");
        return Map.of(AppConfig.PUBLIC_API_URL, base + "/api",
                AppConfig.PUBLIC_WS_URL, base.replaceFirst("^http", "ws") + "/ws");
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
