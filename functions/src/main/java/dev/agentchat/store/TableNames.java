package dev.agentchat.store;

import dev.agentchat.config.AppConfig;

/** The physical table names of one deployment, resolved once from its configuration. */
public record TableNames(
        String users, String sessions, String rooms, String keys, String events, String limits, String idempotency,
        String connections, String humans, String humanInvites) {

    public static TableNames from(AppConfig config) {
        return new TableNames(
                name(config, Tables.USERS),
                name(config, Tables.SESSIONS),
                name(config, Tables.ROOMS),
                name(config, Tables.KEYS),
                name(config, Tables.EVENTS),
                name(config, Tables.LIMITS),
                name(config, Tables.IDEMPOTENCY),
                name(config, Tables.CONNECTIONS),
                name(config, Tables.HUMANS),
                name(config, Tables.HUMAN_INVITES));
    }

    public static String name(AppConfig config, TableDef table) {
        return config.tableName(table.logicalName());
    }
}
