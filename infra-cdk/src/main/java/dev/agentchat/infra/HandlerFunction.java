package dev.agentchat.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Lambda function for one handler class of the shaded jar: java21 on arm64 with SnapStart,
 * its own log group, and a {@code live} alias on the current published version. Everything
 * that invokes it (routes, the stream, the schedule) calls the alias, since SnapStart only
 * applies to published versions.
 */
public final class HandlerFunction extends Construct {
    /** Client-compiler-only JIT: most of the cold-start win at no cost to these short handlers. */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    public static final String ALIAS_NAME = "live";
    public static final ApplicationLogLevel APPLICATION_LOG_LEVEL = ApplicationLogLevel.INFO;

    private final Class<?> handler;
    private final Function function;
    private final Alias alias;

    /**
     * @param reserveConcurrency whether {@link FunctionKind#reservedConcurrency()} is applied (accounts
     *                           at Lambda's default quota of 10 cannot reserve any)
     */
    public HandlerFunction(Construct scope, String id, Class<?> handler, FunctionKind kind, Code code,
                           Map<String, String> environment, boolean reserveConcurrency) {
        super(scope, id);
        this.handler = handler;
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Its own role, with no managed policy: AWSLambdaBasicExecutionRole would let it write to
        // every log group in the account; it may write to its own.
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("AgentChat " + handler.getSimpleName() + ": exactly what its route declares")
                .build();
        logs.grantWrite(role);
        this.function = Function.Builder.create(this, "Function")
                .role(role)
                .description("AgentChat " + handler.getSimpleName())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handlerString(handler))
                .code(code)
                .memorySize(kind.memoryMb())
                .timeout(kind.timeout())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(env)
                .logGroup(logs)
                // One JSON entry per log call with the request id, so a stack trace stays one entry.
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(APPLICATION_LOG_LEVEL)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .reservedConcurrentExecutions(reserveConcurrency && kind.reservedConcurrency() > 0
                        ? kind.reservedConcurrency() : null)
                .build();
        // CDK warns on every SnapStart function because it cannot see whether a version gets published; this one does.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the live alias below publishes the current version");
        NagRules.handlerFunction(function);
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
    }

    /** The Lambda handler string for a handler class: {@code dev.agentchat.…Handler::handleRequest}. */
    public static String handlerString(Class<?> handler) {
        return handler.getName() + "::handleRequest";
    }

    public Class<?> handler() {
        return handler;
    }

    public Function function() {
        return function;
    }

    /** What routes, the stream and the schedule invoke. */
    public Alias alias() {
        return alias;
    }
}
