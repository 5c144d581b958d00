package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.map;
import static dev.agentchat.infra.SynthesizedStack.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployment's shape: a root stack with one nested stack per {@link FunctionGroup}, every
 * template well below CloudFormation's 500 resources, each function in its group's stack, and
 * the APIs' routes beside their APIs in the root.
 */
class StackLayoutTest {
    /** CloudFormation refuses a template of more than 500 resources; this leaves room to grow. */
    static final int MAX_RESOURCES_PER_TEMPLATE = 400;
    /** CloudFormation's limits on a template's parameters and outputs (CDK passes references through both). */
    static final int MAX_PARAMETERS = 200;
    static final int MAX_OUTPUTS = 200;
    /**
     * CloudFormation reads a template of at most 1 MB from S3. The single stack had reached
     * 0.7 MB; this leaves room. Measured as CDK writes it (one-space indentation).
     */
    static final int MAX_TEMPLATE_BYTES = 800_000;

    private static Map<String, Map<String, Object>> templates() {
        return SynthesizedStack.templates();
    }

    @Test
    void everyTemplate_staysWellBelowCloudFormationsLimit() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        templates().forEach((name, t) -> counts.put(name, map(t.get("Resources")).size()));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("resources per template: " + counts + ", total " + total);
        templates().forEach((name, t) -> System.out.println(name + ": " + writtenSize(t) + " bytes as written"));
        counts.forEach((name, count) -> assertTrue(count <= MAX_RESOURCES_PER_TEMPLATE,
                name + " has " + count + " resources (CloudFormation's limit is 500; keep each template at "
                        + MAX_RESOURCES_PER_TEMPLATE + " or fewer: add a FunctionGroup)"));
        templates().forEach((name, t) -> {
            assertTrue(map(t.getOrDefault("Parameters", Map.of())).size() <= MAX_PARAMETERS, name + ": parameters");
            assertTrue(map(t.getOrDefault("Outputs", Map.of())).size() <= MAX_OUTPUTS, name + ": outputs");
            int bytes = writtenSize(t);
            assertTrue(bytes <= MAX_TEMPLATE_BYTES, name + " is " + bytes + " bytes as written");
        });
        // The merged view the other tests read holds every resource of every template.
        assertEquals(total, map(SynthesizedStack.json().get("Resources")).size());
    }

    @Test
    void rootStack_nestsOneStackPerFunctionGroup() {
        Map<String, Map<String, Object>> nested = SynthesizedStack.resources("AWS::CloudFormation::Stack");
        Set<String> templates = new TreeSet<>(templates().keySet());
        templates.remove(SynthesizedStack.ROOT);
        assertEquals(templates, new TreeSet<>(nested.keySet()));
        assertEquals(Arrays.asList(FunctionGroup.values()),
                SynthesizedStack.stack().functionStacks().stream().map(FunctionStack::group).toList());
        for (Map.Entry<String, Map<String, Object>> stack : nested.entrySet()) {
            assertNotNull(props(stack.getValue()).get("TemplateURL"), stack.getKey());
            assertTrue(map(templates().get(SynthesizedStack.ROOT).get("Resources")).containsKey(stack.getKey()),
                    stack.getKey() + " is not a resource of the root template");
        }
    }

    static Stream<Arguments> handlers() {
        return Handlers.arguments();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void function_livesInTheNestedStackOfItsGroup(String name, Handlers.Declared declared) {
        String handler = HandlerFunction.handlerString(declared.handler());
        List<String> holding = templates().entrySet().stream()
                .filter(t -> map(t.getValue().get("Resources")).values().stream()
                        .anyMatch(r -> handler.equals(props(map(r)).get("Handler"))))
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(List.of(logicalIdOf(declared.group())), holding, name);
    }

    @Test
    void routes_stayInTheRootBesideTheirApis() {
        Map<String, Object> root = map(templates().get(SynthesizedStack.ROOT).get("Resources"));
        Set<String> typesInRoot = root.values().stream().map(r -> String.valueOf(map(r).get("Type")))
                .collect(Collectors.toSet());
        assertTrue(typesInRoot.containsAll(Set.of("AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage",
                "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Integration", "AWS::DynamoDB::Table")),
                String.valueOf(typesInRoot));
        assertEquals(SynthesizedStack.resources("AWS::ApiGatewayV2::Route").keySet(), root.entrySet().stream()
                .filter(e -> "AWS::ApiGatewayV2::Route".equals(map(e.getValue()).get("Type")))
                .map(Map.Entry::getKey).collect(Collectors.toSet()));
        assertTrue(SynthesizedStack.agentChatFunctions().keySet().stream().noneMatch(root::containsKey),
                "functions belong in the nested stacks");
    }

    /** The template's size with one space per level, as CDK writes it to the cloud assembly. */
    private static int writtenSize(Map<String, Object> template) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter(" ", "\n"))
                .withArrayIndenter(new DefaultIndenter(" ", "\n"));
        try {
            return new ObjectMapper().writer(printer).writeValueAsBytes(template).length;
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String logicalIdOf(FunctionGroup group) {
        AgentChatStack root = SynthesizedStack.stack();
        return root.functionStacks().stream().filter(s -> s.group() == group)
                .map(s -> String.valueOf(root.resolve(s.getNestedStackResource().getLogicalId())))
                .findFirst().orElseThrow(() -> new AssertionError("no nested stack for " + group));
    }
}
