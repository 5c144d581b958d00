package dev.agentchat.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * cdk-nag's AwsSolutions and Serverless packs over the whole stack: no finding may stand
 * unless the construct it is on suppresses it with a reason (see {@link NagRules}).
 */
class NagTest {
    private static List<SynthesisMessage> findings;

    @BeforeAll
    static void synthesizeWithTheRulePacks() {
        App app = SynthesizedStack.app(Map.of());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new ServerlessChecks(NagPackProps.builder().verbose(true).build()));
        Settings settings = Settings.from(key -> app.getNode().tryGetContext(key));
        AgentChatStack stack = new AgentChatStack(app, InfraApp.STACK_NAME, StackProps.builder().build(), settings);
        Annotations annotations = Annotations.fromStack(stack);
        findings = new java.util.ArrayList<>();
        findings.addAll(annotations.findError("*", Match.stringLikeRegexp(".*")));
        findings.addAll(annotations.findWarning("*", Match.stringLikeRegexp(".*")));
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
