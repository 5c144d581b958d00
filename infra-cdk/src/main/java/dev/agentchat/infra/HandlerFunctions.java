package dev.agentchat.infra;

import dev.agentchat.Access;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * The functions of the shaded jar, one per handler class, each granted exactly its {@link Access},
 * each in the nested stack of its {@link FunctionGroup} (made when the group's first function is).
 */
public final class HandlerFunctions {
    private final Construct parent;
    private final Map<FunctionGroup, FunctionStack> stacks = new EnumMap<>(FunctionGroup.class);
    private final String lambdaJar;
    /** One asset per stack: CDK refuses a Code used in two, and each nested stack names its own. */
    private final Map<FunctionGroup, Code> code = new EnumMap<>(FunctionGroup.class);
    private final Map<String, String> environment;
    private final DataTables tables;
    private final SocketApi sockets;
    private final boolean reserveConcurrency;
    private final Set<Class<?>> handlers = new HashSet<>();
    private final List<HandlerFunction> all = new ArrayList<>();

    /**
     * @param parent      where the nested stacks go (the root stack)
     * @param lambdaJar   the shaded jar every function runs
     * @param environment what every function is told: table names and the API URLs
     * @param sockets     the WebSocket API whose connections some handlers manage
     */
    public HandlerFunctions(Construct parent, String lambdaJar, Map<String, String> environment, DataTables tables,
                            SocketApi sockets, boolean reserveConcurrency) {
        this.parent = parent;
        this.reserveConcurrency = reserveConcurrency;
        this.lambdaJar = lambdaJar;
        this.environment = Map.copyOf(environment);
        this.tables = tables;
        this.sockets = sockets;
    }

    /**
     * Adds the function for {@code handler} to {@code group}'s nested stack: the tables of
     * {@code access}, and socket management if declared.
     */
    public HandlerFunction add(FunctionGroup group, Class<?> handler, FunctionKind kind, Access access) {
        if (!handlers.add(handler)) {
            throw new IllegalStateException(handler.getName() + " serves two routes; the route table maps one handler"
                    + " class to one route, and the stack makes one function per route");
        }
        HandlerFunction fn = new HandlerFunction(stack(group), handler.getSimpleName(), handler, kind,
                code.computeIfAbsent(group, g -> Code.fromAsset(lambdaJar)), environment,
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

    /** The nested stack of {@code group}, made on first use. */
    public FunctionStack stack(FunctionGroup group) {
        return stacks.computeIfAbsent(group, g -> new FunctionStack(parent, g));
    }

    /** The nested stacks made so far, in {@link FunctionGroup} order. */
    public List<FunctionStack> stacks() {
        return List.copyOf(stacks.values());
    }

    /** Every function added so far, in the order added (what the alarms and the dashboard watch). */
    public List<HandlerFunction> all() {
        return List.copyOf(all);
    }
}
