package dev.agentchat.infra;

import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.constructs.Construct;

/**
 * One {@link FunctionGroup}'s nested stack: its functions, their roles and log groups. What it
 * uses from the root stack (table names and ARNs, the APIs' ids and URLs) CDK passes in as
 * parameters; what the root uses from it (alias ARNs for the routes, function names for the
 * alarms) it passes back as outputs.
 */
public final class FunctionStack extends NestedStack {
    private final FunctionGroup group;

    public FunctionStack(Construct scope, FunctionGroup group) {
        super(scope, group.id(), NestedStackProps.builder().description(group.description()).build());
        this.group = group;
    }

    public FunctionGroup group() {
        return group;
    }
}
