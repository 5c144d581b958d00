package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.apiOf;
import static dev.agentchat.infra.SynthesizedStack.at;
import static dev.agentchat.infra.SynthesizedStack.props;
import static dev.agentchat.infra.SynthesizedStack.refs;
import static dev.agentchat.infra.SynthesizedStack.resource;
import static dev.agentchat.infra.SynthesizedStack.resources;
import static dev.agentchat.infra.SynthesizedStack.theRefOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.Routes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route of {@link Routes} reaches its own handler through API Gateway, the HTTP API's
 * {@code $default} route reaches the unmatched-route handler, and no other route exists.
 */
class RoutesInTemplateTest {

    static Stream<Arguments> httpRoutes() {
        return Routes.HTTP.stream().map(r -> Arguments.of(r.routeKey(), r));
    }

    static Stream<Arguments> webSocketRoutes() {
        return Routes.WEBSOCKET.stream().map(r -> Arguments.of(r.routeKey(), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpRoutes")
    void httpRoute_reachesItsHandlerThroughTheLiveAlias(String routeKey, Routes.HttpRoute route) {
        String api = apiOf("HTTP");
        Map<String, Object> integration = integrationOf(api, routeKey);
        assertEquals("2.0", props(integration).get("PayloadFormatVersion"), routeKey);
        assertHandler(integration, route.handler(), routeKey);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webSocketRoutes")
    void webSocketRoute_reachesItsHandlerThroughTheLiveAlias(String routeKey, Routes.WsRoute route) {
        String api = apiOf("WEBSOCKET");
        assertHandler(integrationOf(api, routeKey), route.handler(), routeKey);
    }

    @Test
    void httpApi_hasExactlyTheRoutesOfTheTable_andADefaultRouteForTheRest() {
        Set<String> expected = Routes.HTTP.stream().map(Routes.HttpRoute::routeKey).collect(Collectors.toSet());
        expected.add("$default");
        assertEquals(expected, routeKeys(apiOf("HTTP")));
    }

    @Test
    void unmatchedRequests_reachTheUnmatchedRouteHandler() {
        // Without it API Gateway answers a wrong method with a bare 404, where MCP clients need a 405.
        String api = apiOf("HTTP");
        Map<String, Object> integration = integrationOf(api, "$default");
        assertEquals("2.0", props(integration).get("PayloadFormatVersion"));
        assertHandler(integration, Routes.UNMATCHED_HANDLER, "$default");
    }

    @Test
    void webSocketApi_hasExactlyTheRoutesOfTheTable_selectedByFrameType() {
        String api = apiOf("WEBSOCKET");
        assertEquals(Routes.WEBSOCKET.stream().map(Routes.WsRoute::routeKey).collect(Collectors.toSet()),
                routeKeys(api));
        assertEquals("$request.body.type", props(resource(api)).get("RouteSelectionExpression"));
    }

    private static Map<String, Object> integrationOf(String api, String routeKey) {
        List<Map<String, Object>> routes = resources("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> routeKey.equals(props(r).get("RouteKey")) && refs(props(r).get("ApiId")).contains(api))
                .toList();
        assertEquals(1, routes.size(), "routes with key " + routeKey);
        String integrationId = theRefOfType(props(routes.get(0)).get("Target"), "AWS::ApiGatewayV2::Integration");
        Map<String, Object> integration = resource(integrationId);
        assertTrue(refs(props(integration).get("ApiId")).contains(api), routeKey + " integrates on another API");
        assertEquals("AWS_PROXY", props(integration).get("IntegrationType"), routeKey);
        return integration;
    }

    /** The integration calls the {@code live} alias of a function that runs {@code handler}, and may invoke it. */
    private static void assertHandler(Map<String, Object> integration, Class<?> handler, String routeKey) {
        String aliasId = theRefOfType(props(integration).get("IntegrationUri"), "AWS::Lambda::Alias");
        Map<String, Object> alias = props(resource(aliasId));
        assertEquals(HandlerFunction.ALIAS_NAME, alias.get("Name"), routeKey);
        String functionId = theRefOfType(alias.get("FunctionName"), "AWS::Lambda::Function");
        assertEquals(HandlerFunction.handlerString(handler), at(props(resource(functionId)), "Handler"), routeKey);
        boolean invokable = resources("AWS::Lambda::Permission").values().stream()
                .anyMatch(p -> refs(props(p).get("FunctionName")).contains(aliasId)
                        && "apigateway.amazonaws.com".equals(props(p).get("Principal")));
        assertTrue(invokable, "API Gateway may not invoke the alias behind " + routeKey);
    }

    private static Set<String> routeKeys(String api) {
        return resources("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> refs(props(r).get("ApiId")).contains(api))
                .map(r -> String.valueOf(props(r).get("RouteKey")))
                .collect(Collectors.toSet());
    }
}
