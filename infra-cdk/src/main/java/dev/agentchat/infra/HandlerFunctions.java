package dev.agentchat.infra;

import dev.agentchat.Access;
import java.util.HashSet;
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
    private final Set<Class<?>> handlers = new HashSet<>();

    /**
     * @param environment what every function is told: table names and the API URLs
     * @param sockets     the WebSocket API whose connections some handlers manage
     */
    public HandlerFunctions(Construct scope, String id, Code code, Map<String, String> environment, DataTables tables,
                            SocketApi sockets) {
        super(scope, id);
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
        HandlerFunction fn = new HandlerFunction(this, handler.getSimpleName(), handler, kind, code, environment);
        tables.grant(access, fn.function());
        if (access.manageConnections()) {
            sockets.grantManageConnections(fn.function());
            NagRules.suppressMatching(fn, "AwsSolutions-IAM5", "^Resource::.*/@connections/\\*$",
                    "Connection ids are made by API Gateway at connect time; the grant is already narrowed to"
                            + " this API's prod stage and its @connections resource.");
        }
        return fn;
    }
}
