package dev.agentchat.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack synthesized once per test JVM (a synth costs several seconds of jsii time), from
 * a tiny stand-in Lambda jar so the tests need neither a built functions jar nor the network,
 * plus helpers to walk the CloudFormation JSON.
 *
 * <p>The deployment is a root template and one template per nested stack. {@link #json()} is
 * all of them as one template: every resource of every template, with each nested parameter
 * replaced by what the root passes in and each nested output the root reads replaced by its
 * value. A {@code Ref} then names the resource itself wherever it lives, so the tests follow a
 * route to its function, a function to its role and a grant to its table across templates.
 */
final class SynthesizedStack {
    static final Path DUMMY_JAR = Path.of("target", "test-assets", "lambda.jar");
    static final String ROOT = "root";

    private static AgentChatStack stack;
    private static Template template;
    private static Map<String, Object> json;
    private static Map<String, Map<String, Object>> templates;

    private SynthesizedStack() {
    }

    static synchronized Template template() {
        if (template == null) {
            writeDummyJar();
            App app = app(Map.of());
            Settings settings = Settings.from(key -> app.getNode().tryGetContext(key));
            stack = new AgentChatStack(app, InfraApp.STACK_NAME, StackProps.builder().build(), settings);
            template = Template.fromStack(stack);
        }
        return template;
    }

    /**
     * An app as {@code cdk synth} would make it: the feature flags of {@code cdk.json}'s context,
     * the stand-in jar, and {@code extra} context on top.
     */
    @SuppressWarnings("unchecked")
    static App app(Map<String, Object> extra) {
        writeDummyJar();
        Map<String, Object> context = new LinkedHashMap<>();
        try {
            Map<String, Object> cdkJson = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(Path.of("cdk.json").toFile(), Map.class);
            context.putAll((Map<String, Object>) cdkJson.get("context"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cdk.json", e);
        }
        context.put(Settings.LAMBDA_JAR, DUMMY_JAR.toString());
        context.putAll(extra);
        return App.Builder.create().context(context).build();
    }

    static synchronized AgentChatStack stack() {
        template();
        return stack;
    }

    /** The deployment as one template (see the class comment). */
    static synchronized Map<String, Object> json() {
        if (json == null) {
            json = merge(templates());
        }
        return json;
    }

    /** The shared stack's {@link #templates(AgentChatStack)}. */
    static synchronized Map<String, Map<String, Object>> templates() {
        if (templates == null) {
            templates = templates(stack());
        }
        return templates;
    }

    /**
     * Every template of a synthesized stack as CloudFormation sees it: {@value #ROOT} first,
     * then each nested stack's by the logical id of its {@code AWS::CloudFormation::Stack} in the root.
     */
    static Map<String, Map<String, Object>> templates(AgentChatStack root) {
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        templates.put(ROOT, Template.fromStack(root).toJSON());
        for (FunctionStack nested : root.functionStacks()) {
            if (nested.getNestedStackParent() != root) {
                throw new AssertionError(nested.getNode().getPath() + " is not nested directly in the root stack");
            }
            String logicalId = String.valueOf(root.resolve(nested.getNestedStackResource().getLogicalId()));
            templates.put(logicalId, Template.fromStack(nested).toJSON());
        }
        return templates;
    }

    /** {@link #templates} merged into one, references resolved across them; no logical id may repeat. */
    static Map<String, Object> flattened(AgentChatStack root) {
        return merge(templates(root));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Map<String, Object>> templates) {
        Map<String, Object> resources = new LinkedHashMap<>();
        templates.forEach((name, t) -> ((Map<String, Object>) t.getOrDefault("Resources", Map.of()))
                .forEach((id, r) -> {
                    if (resources.put(id, resolve(r, name, templates)) != null) {
                        throw new AssertionError("logical id " + id + " is in two templates; the tests key on it");
                    }
                }));
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("Resources", resources);
        flat.put("Outputs", resolve(templates.get(ROOT).getOrDefault("Outputs", Map.of()), ROOT, templates));
        return flat;
    }

    /**
     * {@code node} of template {@code in} with a nested template's parameters replaced by what
     * the root passes them and the root's reads of nested outputs replaced by their values.
     */
    @SuppressWarnings("unchecked")
    private static Object resolve(Object node, String in, Map<String, Map<String, Object>> templates) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Ref") instanceof String name && !in.equals(ROOT)
                    && map(templates.get(in).getOrDefault("Parameters", Map.of())).containsKey(name)) {
                Object passed = at(templates.get(ROOT), "Resources", in, "Properties", "Parameters", name);
                if (passed == null) {
                    throw new AssertionError("the root passes nothing for parameter " + name + " of " + in);
                }
                return resolve(passed, ROOT, templates);
            }
            if (map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> getAtt && in.equals(ROOT)
                    && getAtt.size() == 2 && templates.containsKey(String.valueOf(getAtt.get(0)))
                    && String.valueOf(getAtt.get(1)).startsWith("Outputs.")) {
                String nested = String.valueOf(getAtt.get(0));
                String output = String.valueOf(getAtt.get(1)).substring("Outputs.".length());
                Object value = at(templates.get(nested), "Outputs", output, "Value");
                if (value == null) {
                    throw new AssertionError(nested + " has no output " + output);
                }
                return resolve(value, nested, templates);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, resolve(v, in, templates)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(resolve(item, in, templates)));
            return out;
        }
        return node;
    }

    /** A JSON object of the template, typed for reading. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError("not an object: " + node);
        }
        return (Map<String, Object>) node;
    }

    /** Logical id → resource, for every resource of a CloudFormation type. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(String type) {
        Map<String, Object> all = (Map<String, Object>) json().get("Resources");
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        all.forEach((id, resource) -> {
            Map<String, Object> r = (Map<String, Object>) resource;
            if (type.equals(r.get("Type"))) {
                found.put(id, r);
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(String logicalId) {
        Map<String, Object> r = (Map<String, Object>) ((Map<String, Object>) json().get("Resources")).get(logicalId);
        if (r == null) {
            throw new AssertionError("no resource " + logicalId);
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** Follows a path of keys and list indexes through nested maps and lists. */
    @SuppressWarnings("unchecked")
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer i) {
                current = i < list.size() ? list.get(i) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    /** Every logical id a subtree points at through {@code Ref} or {@code Fn::GetAtt}. */
    static Set<String> refs(Object node) {
        Set<String> found = new LinkedHashSet<>();
        collectRefs(node, found);
        return found;
    }

    private static void collectRefs(Object node, Set<String> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("Ref".equals(key) && value instanceof String id && !id.startsWith("AWS::")) {
                    found.add(id);
                } else if ("Fn::GetAtt".equals(key) && value instanceof List<?> getAtt && !getAtt.isEmpty()) {
                    found.add(getAtt.get(0).toString());
                } else {
                    collectRefs(value, found);
                }
            });
        } else if (node instanceof Collection<?> list) {
            list.forEach(item -> collectRefs(item, found));
        }
    }

    /** A value that CloudFormation lists as one item or as a list. */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        } else if (value != null) {
            out.add(String.valueOf(value));
        }
        return out;
    }

    /** Logical id of the single resource of a type that a subtree refers to. */
    static String theRefOfType(Object node, String type) {
        Set<String> ofType = new LinkedHashSet<>(refs(node));
        ofType.retainAll(resources(type).keySet());
        if (ofType.size() != 1) {
            throw new AssertionError("expected one " + type + " referenced by " + node + ", found " + ofType);
        }
        return ofType.iterator().next();
    }

    /** The logical id of the function that runs a handler class (matched by its handler string). */
    static String functionOf(Class<?> handler) {
        String expected = HandlerFunction.handlerString(handler);
        List<String> ids = resources("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> expected.equals(props(e.getValue()).get("Handler")))
                .map(Map.Entry::getKey)
                .toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one function with handler " + expected + ", found " + ids);
        }
        return ids.get(0);
    }

    /** The functions that run code from the shaded jar (CDK adds helper functions of its own). */
    static Map<String, Map<String, Object>> agentChatFunctions() {
        Map<String, Map<String, Object>> ours = new LinkedHashMap<>();
        resources("AWS::Lambda::Function").forEach((id, r) -> {
            if (String.valueOf(props(r).get("Handler")).startsWith("dev.agentchat.")) {
                ours.put(id, r);
            }
        });
        return ours;
    }

    /** Table logical id by the environment variable the code reads its name from, e.g. ROOMS_TABLE. */
    @SuppressWarnings("unchecked")
    static String tableOf(String envVar) {
        Map<String, Object> function = agentChatFunctions().values().iterator().next();
        Object value = at(props(function), "Environment", "Variables", envVar);
        if (!(value instanceof Map<?, ?> ref) || !(ref.get("Ref") instanceof String id)) {
            throw new AssertionError(envVar + " is not a reference to a table: " + value);
        }
        if (!resources("AWS::DynamoDB::Table").containsKey(id)) {
            throw new AssertionError(envVar + " refers to " + id + ", which is not a DynamoDB table");
        }
        return id;
    }

    /** The single API of a protocol (HTTP or WEBSOCKET). */
    static String apiOf(String protocol) {
        List<String> ids = resources("AWS::ApiGatewayV2::Api").entrySet().stream()
                .filter(e -> protocol.equals(props(e.getValue()).get("ProtocolType")))
                .map(Map.Entry::getKey)
                .toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + protocol + " API, found " + ids);
        }
        return ids.get(0);
    }

    /** The one event source mapping invoking {@code handler}'s alias. */
    static Map<String, Object> mappingOf(Class<?> handler) {
        List<Map<String, Object>> found = resources("AWS::Lambda::EventSourceMapping").values().stream()
                .map(SynthesizedStack::props)
                .filter(m -> {
                    String alias = theRefOfType(m.get("FunctionName"), "AWS::Lambda::Alias");
                    return refs(props(resource(alias)).get("FunctionName")).contains(functionOf(handler));
                })
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one event source mapping of " + handler.getSimpleName() + ", found "
                    + found.size());
        }
        return found.get(0);
    }

    /** Every statement of the IAM policies attached to a function's role. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statementsOf(String functionId) {
        String roleId = theRefOfType(props(resource(functionId)).get("Role"), "AWS::IAM::Role");
        List<Map<String, Object>> statements = new ArrayList<>();
        resources("AWS::IAM::Policy").values().forEach(policy -> {
            if (refs(props(policy).get("Roles")).contains(roleId)) {
                statements.addAll((List<Map<String, Object>>) at(props(policy), "PolicyDocument", "Statement"));
            }
        });
        return statements;
    }

    static void writeDummyJar() {
        try {
            Files.createDirectories(DUMMY_JAR.getParent());
            try (OutputStream out = Files.newOutputStream(DUMMY_JAR);
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                ZipEntry entry = new ZipEntry("README.txt");
                entry.setTime(0); // a fixed timestamp keeps the asset hash stable across runs
                zip.putNextEntry(entry);
                zip.write("stand-in for the shaded functions jar in template tests\n".getBytes());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
