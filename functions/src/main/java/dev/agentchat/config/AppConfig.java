package dev.agentchat.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a deployment configures, resolved once from the environment: where DynamoDB is, the
 * physical table names, the public URLs agents are told to use, and the limits. It keeps no copy
 * of the environment (on Lambda that holds the session's credentials).
 *
 * <p>On Lambda every variable the CDK stack sets ({@link #STACK_VARIABLES}) must be present: a
 * missing one fails the init instead of silently pointing at a default table or URL. Elsewhere
 * (the standalone server, tests) the defaults apply.
 *
 * @param dynamoDbEndpoint   an endpoint override (LocalStack, DynamoDB Local); empty on AWS
 * @param tableNames         physical table name by logical name ({@link #TABLES})
 * @param publicApiUrl       the URL agents reach the REST API at (…/api); empty = derive from the request
 * @param publicWsUrl        the WebSocket URL agents connect to; empty = derive from the request
 * @param managementEndpoint where the API Gateway Management API of the WebSocket API is
 * @param webhooks           how agents' webhooks are delivered (SPEC §13)
 * @param webOrigins         the origins the web UI is served from ({@code https://host[:port]}, lower
 *                           case): a browser's WebSocket upgrade is accepted from these only
 * @param publicWebUrl       where the web UI is (human invite links open it); empty = the request's origin
 * @param logFormat          how the standalone server writes its request log (Lambda's is always JSON)
 */
public record AppConfig(
        String region,
        Optional<String> dynamoDbEndpoint,
        Map<String, String> tableNames,
        Optional<String> publicApiUrl,
        Optional<String> publicWsUrl,
        Optional<String> managementEndpoint,
        Optional<String> publicWebUrl,
        Limits limits,
        WebhookSettings webhooks,
        List<String> webOrigins,
        LogFormat logFormat) {

    /** The logical name of every table; each one's physical name is read from {@link #tableVariable}. */
    public static final List<String> TABLES =
            List.of("users", "sessions", "rooms", "keys", "events", "limits", "idempotency", "connections", "humans",
                    "human_invites");

    public static final String PUBLIC_API_URL = "PUBLIC_API_URL";
    public static final String PUBLIC_WS_URL = "PUBLIC_WS_URL";
    public static final String WS_MANAGEMENT_ENDPOINT = "WS_MANAGEMENT_ENDPOINT";
    public static final String WEB_ORIGINS = "WEB_ORIGINS";
    public static final String PUBLIC_WEB_URL = "PUBLIC_WEB_URL";

    /** What the CDK stack sets on every function, and so what a Lambda refuses to start without. */
    public static final List<String> STACK_VARIABLES = stackVariables();

    /** Set by the Lambda runtime in every function's environment (and nowhere else). */
    static final String LAMBDA_MARKER = "AWS_LAMBDA_FUNCTION_NAME";

    private static final String DEFAULT_TABLE_PREFIX = "agentchat-";

    public AppConfig {
        tableNames = Map.copyOf(tableNames);
        webOrigins = List.copyOf(webOrigins);
    }

    public static AppConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        if (r.string(LAMBDA_MARKER, null) != null) {
            requireStackVariables(r);
        }
        String prefix = r.string("TABLE_PREFIX", DEFAULT_TABLE_PREFIX);
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            tables.put(table, r.string(tableVariable(table), prefix + table));
        }
        return new AppConfig(
                r.string("AWS_REGION", "us-east-1"),
                Optional.ofNullable(r.string("DYNAMODB_ENDPOINT", null)),
                tables,
                Optional.ofNullable(r.string(PUBLIC_API_URL, null)).map(AppConfig::trimSlash),
                Optional.ofNullable(r.string(PUBLIC_WS_URL, null)),
                Optional.ofNullable(r.string(WS_MANAGEMENT_ENDPOINT, null)),
                Optional.ofNullable(r.string(PUBLIC_WEB_URL, null)).map(AppConfig::trimSlash),
                Limits.fromEnv(env),
                WebhookSettings.fromEnv(env),
                origins(r.string(WEB_ORIGINS, "")),
                LogFormat.parse(r.string("LOG_FORMAT", "json")));
    }

    /** The variable a deployment sets to a table's physical name: {@code rooms} → {@code ROOMS_TABLE}. */
    public static String tableVariable(String logicalName) {
        return logicalName.toUpperCase(Locale.ROOT) + "_TABLE";
    }

    /** The physical name of a table ({@code <NAME>_TABLE} if set, else {@code TABLE_PREFIX} + name). */
    public String tableName(String logicalName) {
        String name = tableNames.get(logicalName);
        if (name == null) {
            throw new IllegalArgumentException("unknown table '" + logicalName + "': known are " + TABLES);
        }
        return name;
    }

    public AppConfig withLimits(Limits newLimits) {
        return new AppConfig(region, dynamoDbEndpoint, tableNames, publicApiUrl, publicWsUrl, managementEndpoint,
                publicWebUrl, newLimits, webhooks, webOrigins, logFormat);
    }

    private static void requireStackVariables(EnvReader r) {
        List<String> missing = STACK_VARIABLES.stream().filter(name -> r.string(name, null) == null).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing environment variable" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + ": on Lambda the stack sets "
                    + (missing.size() == 1 ? "it" : "them") + "; without, this function would use a default");
        }
    }

    private static List<String> stackVariables() {
        List<String> names = new ArrayList<>();
        TABLES.forEach(table -> names.add(tableVariable(table)));
        names.addAll(List.of(PUBLIC_API_URL, PUBLIC_WS_URL, WS_MANAGEMENT_ENDPOINT, WEB_ORIGINS, PUBLIC_WEB_URL));
        return List.copyOf(names);
    }

    /** {@code "https://A.example/, http://b:8080"} → {@code [https://a.example, http://b:8080]}. */
    private static List<String> origins(String commaSeparated) {
        List<String> origins = new ArrayList<>();
        for (String origin : commaSeparated.split(",")) {
            String o = trimSlash(origin.trim().toLowerCase(Locale.ROOT));
            if (!o.isEmpty()) {
                origins.add(o);
            }
        }
        return origins;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
