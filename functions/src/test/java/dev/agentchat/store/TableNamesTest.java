package dev.agentchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentchat.config.AppConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableNamesTest {
    @Test
    void everyTable_isOneTheConfigurationNames() {
        assertEquals(AppConfig.TABLES, Tables.ALL.stream().map(TableDef::logicalName).toList());
    }

    @Test
    void from_resolvesEachTableThroughItsVariable() {
        AppConfig config = AppConfig.fromEnv(Map.of("TABLE_PREFIX", "p-", "KEYS_TABLE", "the-keys"));
        TableNames names = TableNames.from(config);
        assertEquals("the-keys", names.keys());
        assertEquals("p-idempotency", names.idempotency());
        assertEquals("the-keys", TableNames.name(config, Tables.KEYS));
    }
}
