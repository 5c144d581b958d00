package dev.agentchat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppConfigTest {
    /** What a function of the stack sees: the runtime's own variables plus every one the stack sets. */
    private static Map<String, String> lambdaEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "AgentChat-SendMessageHandler");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_SESSION_TOKEN", "session-token-secret");
        for (String name : AppConfig.STACK_VARIABLES) {
            env.put(name, "value-of-" + name);
        }
        env.put(AppConfig.PUBLIC_API_URL, "https://api.example.com/api/");
        return env;
    }

    @Test
    void fromEnv_onLambdaWithEveryStackVariable_usesThem() {
        AppConfig config = AppConfig.fromEnv(lambdaEnvironment());
        assertEquals("eu-west-1", config.region());
        assertEquals("value-of-ROOMS_TABLE", config.tableName("rooms"));
        assertEquals("value-of-CONNECTIONS_TABLE", config.tableName("connections"));
        assertEquals(Optional.of("https://api.example.com/api"), config.publicApiUrl());
        assertEquals(Optional.of("value-of-PUBLIC_WS_URL"), config.publicWsUrl());
        assertEquals(Optional.of("value-of-WS_MANAGEMENT_ENDPOINT"), config.managementEndpoint());
    }

    @Test
    void fromEnv_onLambdaWithoutATableVariable_failsNamingIt() {
        Map<String, String> env = lambdaEnvironment();
        env.remove("ROOMS_TABLE");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AppConfig.fromEnv(env));
        assertTrue(e.getMessage().contains("ROOMS_TABLE"), e.getMessage());
        assertFalse(e.getMessage().contains("USERS_TABLE"), e.getMessage());
    }

    @Test
    void fromEnv_onLambdaWithABlankOrMissingUrl_failsNamingEach() {
        Map<String, String> env = lambdaEnvironment();
        env.put(AppConfig.PUBLIC_WS_URL, " ");
        env.remove(AppConfig.WS_MANAGEMENT_ENDPOINT);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AppConfig.fromEnv(env));
        assertTrue(e.getMessage().contains("PUBLIC_WS_URL") && e.getMessage().contains("WS_MANAGEMENT_ENDPOINT"),
                e.getMessage());
    }

    @Test
    void fromEnv_outsideLambda_defaultsTablesToThePrefixAndUrlsToNone() {
        AppConfig config = AppConfig.fromEnv(Map.of("TABLE_PREFIX", "t1-", "EVENTS_TABLE", "my-events"));
        assertEquals("us-east-1", config.region());
        assertEquals("t1-rooms", config.tableName("rooms"));
        assertEquals("my-events", config.tableName("events"));
        assertEquals("agentchat-users", AppConfig.fromEnv(Map.of()).tableName("users"));
        assertEquals(Optional.empty(), config.publicApiUrl());
        assertEquals(Optional.empty(), config.managementEndpoint());
    }

    @Test
    void fromEnv_keepsNothingOfTheEnvironmentItDoesNotUse() {
        String shown = AppConfig.fromEnv(lambdaEnvironment()).toString();
        assertFalse(shown.contains("session-token-secret"), shown);
        assertFalse(shown.contains("AgentChat-SendMessageHandler"), shown);
    }

    @Test
    void tableName_ofAnUnknownTable_namesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppConfig.fromEnv(Map.of()).tableName("room"));
        assertTrue(e.getMessage().contains("room") && e.getMessage().contains("rooms"), e.getMessage());
    }

    @Test
    void tableVariable_isTheUpperCaseNameWithTableSuffix() {
        assertEquals("IDEMPOTENCY_TABLE", AppConfig.tableVariable("idempotency"));
    }
}
