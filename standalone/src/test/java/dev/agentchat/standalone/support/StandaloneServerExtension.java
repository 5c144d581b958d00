package dev.agentchat.standalone.support;

import dev.agentchat.standalone.AgentChatServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The JUnit 5 extension behind {@link RunningServer}: one server per test class (a nested class
 * shares its enclosing class's), closed when the class is done. It fills {@link Inject} fields
 * and resolves parameters (of test, lifecycle and constructor methods) of the types
 * {@link ServerUnderTest}, {@link AgentChatServer}, {@link Api}, {@link AdminCalls} and
 * {@link StoredState}. When the class is done it fails it if any handler made a DynamoDB call
 * beyond its route's declared {@code Access} ({@link AccessCheck}).
 */
public final class StandaloneServerExtension
        implements BeforeAllCallback, AfterAllCallback, TestInstancePostProcessor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(StandaloneServerExtension.class);
    private static final String KEY = "server";

    private static final Map<Class<?>, Function<ServerUnderTest, Object>> PARTS = Map.of(
            ServerUnderTest.class, s -> s,
            AgentChatServer.class, ServerUnderTest::server,
            Api.class, ServerUnderTest::api,
            AdminCalls.class, ServerUnderTest::admin,
            StoredState.class, ServerUnderTest::storedState);

    /** Limits high enough that flow tests never meet them, and a cheap bcrypt cost. */
    public static Map<String, String> generousEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("LIMIT_READS_PER_SECOND", "1000");
        env.put("LIMIT_READ_BURST", "1000");
        env.put("LIMIT_SEND_PER_MINUTE", "60000");
        env.put("LIMIT_SEND_BURST", "1000");
        // Flow tests send more agent messages in a row than the loop guard allows; LoopGuardTest sets it.
        env.put("LIMIT_AGENT_TURN_BUDGET", "0");
        env.put("BCRYPT_COST", "10");
        // Every test signs its humans up from 127.0.0.1; SignupThrottleTest sets a low one.
        env.put("LIMIT_SIGNUPS_PER_HOUR_FROM_ADDRESS", "1000000");
        return env;
    }

    /** The generous environment with the class's {@link RunningServer#env()} entries on top. */
    static Map<String, String> envOf(Class<?> testClass) {
        Map<String, String> env = generousEnv();
        RunningServer annotation = AnnotationSupport.findAnnotation(testClass, RunningServer.class)
                .orElseThrow(() -> new ExtensionConfigurationException(testClass.getName()
                        + " uses " + StandaloneServerExtension.class.getSimpleName() + " without @RunningServer"));
        for (String entry : annotation.env()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@RunningServer env entries are NAME=value; "
                        + testClass.getName() + " has \"" + entry + "\"");
            }
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ServerUnderTest server = running(context);
        inject(context.getRequiredTestClass(), null, server, true);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Only the context that started a server holds it: a nested class leaves its parent's alone.
        ServerUnderTest server = context.getStore(NAMESPACE).remove(KEY, ServerUnderTest.class);
        if (server != null) {
            server.close();
        }
        // Closed first: the fan-out, wake-ups and sweeper of the class's requests have finished.
        List<String> violations = AccessCheck.drainViolations();
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " DynamoDB call(s) beyond the route's declared Access "
                    + "(refused as IAM would refuse them on AWS; declare them in Routes or stop making them):\n  "
                    + String.join("\n  ", violations));
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
        inject(testInstance.getClass(), testInstance, running(context), false);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return PARTS.containsKey(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return PARTS.get(parameter.getParameter().getType()).apply(running(context));
        } catch (Exception e) {
            throw new ExtensionConfigurationException("could not start the standalone server", e);
        }
    }

    /** The server of this class (or an enclosing one), started here on first use. */
    private static ServerUnderTest running(ExtensionContext context) throws Exception {
        ServerUnderTest server = context.getStore(NAMESPACE).get(KEY, ServerUnderTest.class);
        if (server == null) {
            // With a per-class test instance the instance is made before beforeAll: start here then.
            ExtensionContext classContext = classContext(context);
            server = ServerUnderTest.start(envOf(classContext.getRequiredTestClass()));
            classContext.getStore(NAMESPACE).put(KEY, server);
        }
        return server;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static void inject(Class<?> type, Object instance, ServerUnderTest server, boolean statics)
            throws IllegalAccessException {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(type, Inject.class,
                f -> Modifier.isStatic(f.getModifiers()) == statics, HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            Function<ServerUnderTest, Object> part = PARTS.get(field.getType());
            if (part == null) {
                throw new ExtensionConfigurationException("@Inject " + type.getSimpleName() + "." + field.getName()
                        + ": no server part of type " + field.getType().getName() + "; known: " + PARTS.keySet());
            }
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@Inject field " + type.getSimpleName() + "." + field.getName()
                        + " is final");
            }
            field.setAccessible(true);
            field.set(instance, part.apply(server));
        }
    }
}
