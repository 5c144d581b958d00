package dev.agentchat.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/**
 * The stack's cdk-nag suppressions, each with the reason the rule does not fit here; the
 * constructs that own the resources call these, so a suppression sits beside what it excuses.
 * NagTest fails on any finding not suppressed this way.
 */
final class NagRules {
    private NagRules() {
    }

    /** Suppresses {@code rule} on {@code construct} and everything under it. */
    static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /** Suppresses the findings of a granular rule whose subject matches {@code appliesToRegex}. */
    static void suppressMatching(IConstruct construct, String rule, String appliesToRegex, String reason) {
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id(rule)
                .reason(reason)
                // cdk-nag takes a JavaScript regular expression literal.
                .appliesTo(List.of(RegexAppliesTo.builder().regex("/" + appliesToRegex + "/g").build()))
                .build()), true);
    }

    /** What every handler function shares: why tracing, the runtime and a DLQ are as they are. */
    static void handlerFunction(IConstruct function) {
        String runtime = "java21 is the newest Java LTS runtime this project targets (Java 17 source, SnapStart,"
                + " arm64); a runtime change is a measured decision (cold start, BENCHMARKS.md), not a default.";
        suppress(function, "AwsSolutions-L1", runtime);
        suppress(function, "Serverless-LambdaLatestVersion", runtime);
        suppress(function, "Serverless-LambdaTracing", "Each request's JSON log line carries the Lambda request id,"
                + " route, status and latency, and both API stages write access logs; active X-Ray tracing would add"
                + " a resource-wildcard grant to every role and a per-trace cost for no information the logs lack.");
        suppress(function, "Serverless-LambdaDLQ", "Invoked synchronously (API Gateway routes) or by an event source"
                + " mapping with its own on-failure queue (the stream); a dead-letter queue only serves asynchronous"
                + " invocations, and the one asynchronous invoker (the schedule) is configured in Realtime.");
    }
}
