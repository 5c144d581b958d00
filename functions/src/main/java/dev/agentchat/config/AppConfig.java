package dev.agentchat.config;

import java.util.Map;
import java.util.Optional;

/**
 * Everything a deployment configures, read once from the environment: where DynamoDB is, the
 * table names, the public URLs agents are told to use, and the limits.
 *
 * @param dynamoDbEndpoint an endpoint override (LocalStack, DynamoDB Local); empty on AWS
 * @param tablePrefix      prefix of every physical table name unless a table's own variable is set
 * @param publicApiUrl     the URL agents reach the REST API at (…/api); empty = derive from the request
 * @param publicWsUrl      the WebSocket URL agents connect to; empty = derive from the request
 * @param managementEndpoint where the API Gateway Management API of the WebSocket API is
 */
public record AppConfig(
        String region,
        Optional<String> dynamoDbEndpoint,
        String tablePrefix,
        Map<String, String> env,
        Optional<String> publicApiUrl,
        Optional<String> publicWsUrl,
        Optional<String> managementEndpoint,
        Limits limits) {

    public static AppConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new AppConfig(
                r.string("AWS_REGION", "us-east-1"),
                Optional.ofNullable(r.string("DYNAMODB_ENDPOINT", null)),
                r.string("TABLE_PREFIX", "agentchat-"),
                Map.copyOf(env),
                Optional.ofNullable(r.string("PUBLIC_API_URL", null)).map(AppConfig::trimSlash),
                Optional.ofNullable(r.string("PUBLIC_WS_URL", null)),
                Optional.ofNullable(r.string("WS_MANAGEMENT_ENDPOINT", null)),
                Limits.fromEnv(env));
    }

    /** The physical name of a table: its own variable if set (CDK sets them), else prefix + name. */
    public String tableName(String logicalName, String envVar) {
        return new EnvReader(env).string(envVar, tablePrefix + logicalName);
    }

    public AppConfig withLimits(Limits newLimits) {
        return new AppConfig(region, dynamoDbEndpoint, tablePrefix, env, publicApiUrl, publicWsUrl,
                managementEndpoint, newLimits);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
