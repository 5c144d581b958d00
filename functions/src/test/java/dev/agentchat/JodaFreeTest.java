package dev.agentchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * joda-time is left out of the Lambda jar. The runtime binds each handler's event type (and
 * writes its result) by reflection on its properties, which fails for a type with a property
 * of a class that is not there: so no handler's event or result type, nor any event class it
 * holds, may have a joda-time type in a field or method signature. (The tests' class path has
 * joda-time, through DynamoDB Local, so the check reads the signatures' names.)
 */
class JodaFreeTest {

    @Test
    void everyHandlersEventAndResultTypes_needNoJodaTime() {
        List<Class<?>> handlers = new ArrayList<>();
        Routes.HTTP.forEach(r -> handlers.add(r.handler()));
        Routes.WEBSOCKET.forEach(r -> handlers.add(r.handler()));
        handlers.addAll(List.of(Routes.UNMATCHED_HANDLER, Routes.STREAM_HANDLER, Routes.WAKE_HANDLER,
                Routes.DELIVERY_HANDLER, Routes.SWEEPER_HANDLER));
        Set<Class<?>> checked = new HashSet<>();
        Set<String> joda = new TreeSet<>();
        for (Class<?> handler : handlers) {
            List<Type> types = requestHandlerTypes(handler);
            assertEquals(2, types.size(), handler + " implements RequestHandler<I, O>");
            types.forEach(t -> collect(t, checked, joda, handler.getSimpleName()));
        }
        assertTrue(checked.stream().anyMatch(c -> c.getSimpleName().equals("DynamodbEvent")), checked::toString);
        assertEquals(Set.of(), joda, "joda-time types the handlers' events need");
    }

    /** The {@code I} and {@code O} of the {@code RequestHandler<I, O>} the class implements, through its superclasses. */
    private static List<Type> requestHandlerTypes(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return List.of(p.getActualTypeArguments());
                }
            }
        }
        return List.of();
    }

    /** Walks the type, the event classes in its fields and its nested classes, noting every joda-time type in a signature. */
    private static void collect(Type type, Set<Class<?>> checked, Set<String> joda, String where) {
        if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), checked, joda, where);
            for (Type argument : p.getActualTypeArguments()) {
                collect(argument, checked, joda, where);
            }
            return;
        }
        if (!(type instanceof Class<?> c)) {
            return;
        }
        if (c.getName().startsWith("org.joda")) {
            joda.add(where + ": " + c.getName());
            return;
        }
        if (!checked.add(c) || !c.getName().startsWith("com.amazonaws")) {
            return;
        }
        String inside = where + " > " + c.getSimpleName();
        for (Field field : c.getDeclaredFields()) {
            collect(field.getGenericType(), checked, joda, inside);
        }
        for (Method method : c.getDeclaredMethods()) {
            collect(method.getGenericReturnType(), checked, joda, inside);
            for (Type parameter : method.getGenericParameterTypes()) {
                collect(parameter, checked, joda, inside);
            }
        }
        for (Class<?> nested : c.getDeclaredClasses()) {
            collect(nested, checked, joda, inside);
        }
    }
}
