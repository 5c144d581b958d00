package dev.agentchat.infra;

import dev.agentchat.Access;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/** The functions of the shaded jar, one per handler class, each granted exactly its {@link Access}. */
public final class HandlerFunctions extends Construct {
    private final Code code;
    private final Map<String, String> environment;
    private final DataTables tables;
    private final SocketApi sockets;
    private final boolean reserveConcurrency;
    private final Set<Class<?>> handlers = new HashSet<>();
    private final List<HandlerFunction> all = new ArrayList<>();

    /**
     * @param environment what every function is told: table names and the API URLs
     * @param sockets     the WebSocket API whose connections some handlers manage
     */
    public HandlerFunctions(Construct scope, String id, Code code, Map<String, String> environment, DataTables tables,
                            SocketApi sockets, boolean reserveConcurrency) {
        super(scope, id);
        this.reserveConcurrency = reserveConcurrency;
        this.code = code;
        this.environment = Map.copyOf(environment);
        this.tables = tables;
        this.sockets = sockets;
    }

    /** Adds the function for {@code handler}: the tables of {@code access}, and socket management if declared. */
    public HandlerFunction add(Class<?> handler, FunctionKind kind, Access access) {
        if (!handlers.add(handler)) {
            throw new IllegalStateException(handler.getName() + " serves two routes; the route table maps one handler"
                    + " class to one route, and the stack makes one function per route");
        }
        HandlerFunction fn = new HandlerFunction(this, handler.getSimpleName(), handler, kind, code, environment,
                reserveConcurrency);
        tables.grant(access, fn.function());
        if (access.manageConnections()) {
            sockets.grantManageConnections(fn.function());
            NagRules.suppressMatching(fn, "AwsSolutions-IAM5", "^Resource::.*/@connections/\\*$",
                    "Connection ids are made by API Gateway at connect time; the grant is already narrowed to"
                            + " this API's prod stage and its @connections resource.");
        }
        all.add(fn);
        return fn;
    }

    /** The function added for {@code handler}. */
    public HandlerFunction of(Class<?> handler) {
        return all.stream().filter(f -> f.handler() == handler).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function for " + handler.getName()));
    }

    /** Every function added so far, in the order added (what the alarms and the dashboard watch). */
    public List<HandlerFunction> all() {
        return List.copyOf(all);
    }
}
