package dev.agentchat.handler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.support.Json;
import org.junit.jupiter.api.Test;

/** What API Gateway's {@code $default} route answers: 405 with {@code Allow} for known paths, 404 for the rest. */
class UnmatchedRouteHandlerTest {
    private final UnmatchedRouteHandler handler = new UnmatchedRouteHandler();

    @Test
    void getOnTheMcpEndpoint_is405_allowingPost() throws Exception {
        // Streamable HTTP clients open a GET stream first; a stateless server must answer 405 (SPEC §12).
        APIGatewayV2HTTPResponse response = call("GET", "/api/mcp");
        assertEquals(405, response.getStatusCode());
        assertEquals("POST", response.getHeaders().get("Allow"));
        assertEquals("METHOD_NOT_ALLOWED", error(response).path("code").asText());
    }

    @Test
    void aPathWithSeveralMethods_listsThemAll() throws Exception {
        APIGatewayV2HTTPResponse response = call("DELETE", "/api/rooms/room_1/messages");
        assertEquals(405, response.getStatusCode());
        assertEquals("POST, GET", response.getHeaders().get("Allow"));
        assertEquals("DELETE is not allowed on /api/rooms/room_1/messages", error(response).path("message").asText());
    }

    @Test
    void anUnknownPath_is404_inTheApisErrorShape() throws Exception {
        APIGatewayV2HTTPResponse response = call("GET", "/api/nothing/here");
        assertEquals(404, response.getStatusCode());
        assertNull(response.getHeaders().get("Allow"));
        assertEquals("NOT_FOUND", error(response).path("code").asText());
        assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"));
    }

    @Test
    void anEmptyParameterSegment_matchesNoTemplate() throws Exception {
        assertEquals(404, call("GET", "/api/rooms//messages").getStatusCode());
    }

    private APIGatewayV2HTTPResponse call(String method, String path) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey("$default")
                .withRawPath(path)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("test")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).build())
                        .build())
                .build();
        return handler.handleRequest(event, null);
    }

    private static JsonNode error(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.parse(response.getBody()).path("error");
    }
}
