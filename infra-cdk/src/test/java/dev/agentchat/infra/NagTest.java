package dev.agentchat.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions and Serverless packs over the whole deployment, nested stacks included:
 * no finding may stand unless the construct it is on suppresses it with a reason (see {@link NagRules}).
 */
class NagTest {
    private static List<SynthesisMessage> findings;
    private static List<SynthesisMessage> suppressed;
    private static AgentChatStack stack;

    @BeforeAll
    static void synthesizeWithTheRulePacks() {
        App app = SynthesizedStack.app(Map.of());
        // logIgnores: each suppressed finding becomes an info message, which shows what the packs visited.
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).logIgnores(true).build()));
        Aspects.of(app).add(new ServerlessChecks(NagPackProps.builder().verbose(true).logIgnores(true).build()));
        Settings settings = Settings.from(key -> app.getNode().tryGetContext(key));
        stack = new AgentChatStack(app, InfraApp.STACK_NAME, StackProps.builder().build(), settings);
        // The root stack's messages include its nested stacks' (they are one cloud assembly artifact).
        Annotations annotations = Annotations.fromStack(stack);
        findings = new java.util.ArrayList<>();
        findings.addAll(annotations.findError("*", Match.stringLikeRegexp(".*")));
        findings.addAll(annotations.findWarning("*", Match.stringLikeRegexp(".*")));
        suppressed = annotations.findInfo("*", Match.stringLikeRegexp(".*"));
    }

    @Test
    void thePacksCheckEveryNestedStack() {
        // Every function carries suppressions (runtime, tracing), so a nested stack the packs
        // visited shows suppressed findings on its own construct paths.
        for (FunctionStack nested : stack.functionStacks()) {
            String path = "/" + nested.getNode().getPath() + "/";
            assertTrue(suppressed.stream().anyMatch(m -> m.getId().startsWith(path)),
                    "no cdk-nag finding, suppressed or not, under " + path);
        }
    }

    @Test
    void noUnsuppressedFinding() {
        String report = findings.stream()
                .map(m -> m.getId() + ": " + String.valueOf(m.getEntry().getData()).lines().findFirst().orElse(""))
                .sorted()
                .collect(Collectors.joining("\n"));
        assertEquals("", report, findings.size() + " cdk-nag finding(s)");
    }
}
