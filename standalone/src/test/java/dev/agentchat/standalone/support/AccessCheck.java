package dev.agentchat.standalone.support;

import dev.agentchat.Access;
import dev.agentchat.Access.Action;
import dev.agentchat.Routes;
import dev.agentchat.standalone.DynamoDbDecorator;
import dev.agentchat.store.TableDef;
import dev.agentchat.store.Tables;
import dev.agentchat.support.RequestLog;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * IAM at test time: every DynamoDB call a handler makes in any standalone server of the test JVM
 * (listed in {@code META-INF/services}, so none escapes) is checked against the {@link Access}
 * its route declares, which is exactly what the CDK stack grants it. A call outside the
 * declaration is refused as AWS would refuse it ({@code AccessDeniedException}) and recorded;
 * {@link StandaloneServerExtension} fails the test class that made one, so a handler that starts
 * calling Query where it was granted GetItem fails {@code mvn verify}, not production.
 *
 * <p>Which handler is calling comes from the request log ({@link RequestLog#handler}), which
 * follows the fan-out's pool threads too. Calls outside any request (table setup, a test
 * arranging state, {@code /ready}) are not a route's and are not checked.
 */
public final class AccessCheck implements DynamoDbDecorator {
    /** The declared access of each handler, by the simple name its request log entry carries. */
    private static final Map<String, Access> DECLARED = declared();
    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    /** Handler → "Action table" pairs seen allowed, for tests that prove the check is not vacuous. */
    private static final Map<String, Set<String>> SEEN = new ConcurrentHashMap<>();

    private static Map<String, Access> declared() {
        Map<String, Access> declared = new HashMap<>();
        Routes.HTTP.forEach(r -> declared.merge(r.handler().getSimpleName(), r.access(), Access::and));
        Routes.WEBSOCKET.forEach(r -> declared.merge(r.handler().getSimpleName(), r.access(), Access::and));
        declared.put(Routes.UNMATCHED_HANDLER.getSimpleName(), Routes.UNMATCHED_ACCESS);
        declared.put(Routes.STREAM_HANDLER.getSimpleName(), Routes.STREAM_ACCESS);
        declared.put(Routes.WAKE_HANDLER.getSimpleName(), Routes.WAKE_ACCESS);
        declared.put(Routes.DELIVERY_HANDLER.getSimpleName(), Routes.DELIVERY_ACCESS);
        declared.put(Routes.SWEEPER_HANDLER.getSimpleName(), Routes.SWEEPER_ACCESS);
        // The standalone adapter's own refusals (no handler ran): nothing to touch.
        declared.put("HttpApiAdapter", Access.NONE);
        return Map.copyOf(declared);
    }

    /** One (action, physical table) a call needs. */
    private record Need(Action action, String table) {
    }

    @Override
    public DynamoDbClient decorate(DynamoDbClient db) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object first = args != null && args.length == 1 ? args[0] : null;
            if (first instanceof Consumer<?> || method.getName().endsWith("Paginator")) {
                // The interface's own defaults build the request (or the pages) and call back
                // through this proxy, so each page and each built request is checked.
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (first instanceof DynamoDbRequest request) {
                check(method.getName(), request);
            }
            try {
                return method.invoke(db, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
    }

    private static void check(String operation, DynamoDbRequest request) {
        String handler = RequestLog.handler();
        if (handler == null) {
            return;
        }
        Access access = DECLARED.get(handler);
        List<Need> needs = needs(request);
        List<String> refused = new ArrayList<>();
        if (needs.isEmpty()) {
            refused.add(operation + " (no Access action stands for it)");
        }
        for (Need need : needs) {
            TableDef table = table(need.table());
            if (access == null || table == null || !access.actions(table).contains(need.action())) {
                refused.add(need.action().operation() + " on " + need.table());
            } else {
                SEEN.computeIfAbsent(handler, h -> ConcurrentHashMap.newKeySet())
                        .add(need.action().operation() + " " + table.logicalName());
            }
        }
        if (!refused.isEmpty()) {
            String violation = handler + " called " + operation + ", needing " + refused + " beyond its declared "
                    + (access == null ? "nothing (no route declares this handler)" : describe(access));
            VIOLATIONS.add(violation);
            throw DynamoDbException.builder().message(violation).statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                            .errorMessage(violation).serviceName("DynamoDb").build())
                    .build();
        }
    }

    /** What IAM authorises the call by: one action per table, one per item of a transaction. */
    private static List<Need> needs(DynamoDbRequest request) {
        List<Need> needs = new ArrayList<>();
        if (request instanceof GetItemRequest r) {
            needs.add(new Need(Action.GET, r.tableName()));
        } else if (request instanceof QueryRequest r) {
            needs.add(new Need(Action.QUERY, r.tableName()));
        } else if (request instanceof ScanRequest r) {
            needs.add(new Need(Action.SCAN, r.tableName()));
        } else if (request instanceof PutItemRequest r) {
            needs.add(new Need(Action.PUT, r.tableName()));
        } else if (request instanceof UpdateItemRequest r) {
            needs.add(new Need(Action.UPDATE, r.tableName()));
        } else if (request instanceof DeleteItemRequest r) {
            needs.add(new Need(Action.DELETE, r.tableName()));
        } else if (request instanceof BatchGetItemRequest r) {
            r.requestItems().keySet().forEach(t -> needs.add(new Need(Action.BATCH_GET, t)));
        } else if (request instanceof BatchWriteItemRequest r) {
            r.requestItems().keySet().forEach(t -> needs.add(new Need(Action.BATCH_WRITE, t)));
        } else if (request instanceof TransactGetItemsRequest r) {
            for (TransactGetItem item : r.transactItems()) {
                needs.add(new Need(Action.GET, item.get().tableName()));
            }
        } else if (request instanceof TransactWriteItemsRequest r) {
            for (TransactWriteItem item : r.transactItems()) {
                if (item.put() != null) {
                    needs.add(new Need(Action.PUT, item.put().tableName()));
                } else if (item.update() != null) {
                    needs.add(new Need(Action.UPDATE, item.update().tableName()));
                } else if (item.delete() != null) {
                    needs.add(new Need(Action.DELETE, item.delete().tableName()));
                } else if (item.conditionCheck() != null) {
                    needs.add(new Need(Action.CONDITION_CHECK, item.conditionCheck().tableName()));
                }
            }
        }
        return needs;
    }

    /** The table a physical name stands for: the longest logical name it ends with (after the deployment's prefix). */
    private static TableDef table(String physical) {
        TableDef best = null;
        for (TableDef table : Tables.ALL) {
            if (physical.endsWith(table.logicalName())
                    && (best == null || table.logicalName().length() > best.logicalName().length())) {
                best = table;
            }
        }
        return best;
    }

    private static String describe(Access access) {
        Set<String> parts = new TreeSet<>();
        access.tables().forEach((table, actions) -> parts.add(table.logicalName() + "=" + new TreeSet<>(actions)));
        return parts.toString();
    }

    /** The calls refused since the last drain, which it clears. */
    public static List<String> drainViolations() {
        List<String> drained = List.copyOf(VIOLATIONS);
        VIOLATIONS.removeAll(drained);
        return drained;
    }

    /** The "Operation table" pairs each handler was seen making within its declaration. */
    public static Map<String, Set<String>> seen() {
        return Map.copyOf(SEEN);
    }

    /** The handler names the check knows a declaration for. */
    static Set<String> declaredHandlers() {
        return DECLARED.keySet();
    }
}
