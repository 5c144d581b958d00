package dev.agentchat.standalone.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks real responses against the served OpenAPI document with a JSON Schema 2020-12 validator
 * (networknt, OpenAPI 3.1 dialect, formats asserted): each response's status must be one its
 * operation declares, and its body must match that response's schema.
 *
 * <p>Stricter than the document itself: every object schema that lists {@code properties} is
 * validated as if it said {@code "additionalProperties": false}, so a field the server returns
 * but the document does not declare fails the suite. The served document stays open (clients
 * built from it keep working when a field is added); whoever adds a field declares it there.
 */
public final class OpenApiResponses {
    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31());
    private final List<String> checked = new ArrayList<>();

    public OpenApiResponses(String servedDocument) {
        try {
            this.document = Api.JSON.readTree(servedDocument);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "operationId status" of every response checked so far. */
    public List<String> checked() {
        return List.copyOf(checked);
    }

    /**
     * Asserts that {@code res} is a response the document declares for the operation at
     * {@code res}'s method and path, with a body its schema accepts.
     */
    public void check(Api.Res res) {
        // Api's requests name their path under the API base, which is the document's server.
        String relative = res.uri().startsWith("http")
                ? URI.create(res.uri()).getPath().substring(URI.create(document.path("servers").path(0).path("url").asText()).getPath().length())
                : URI.create(res.uri()).getPath();
        Map.Entry<String, JsonNode> operation = operation(res.method(), relative);
        String id = operation.getValue().path("operationId").asText();
        String status = Integer.toString(res.status());
        JsonNode response = operation.getValue().path("responses").get(status);
        if (response == null) {
            response = operation.getValue().path("responses").get("default");
        }
        JsonNode declared = response;
        assertNotNull(declared, () -> id + " does not declare status " + status + ": " + res);
        declared = resolve(declared);
        JsonNode schema = declared.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            assertTrue(res.raw() == null || res.raw().isEmpty(), () -> id + " " + status + " declares no body: " + res);
            checked.add(id + " " + status);
            return;
        }
        ObjectNode wrapper = Api.JSON.createObjectNode();
        wrapper.setAll((ObjectNode) strict(schema.deepCopy()));
        // The components ride along so that "#/components/..." references resolve inside the wrapper.
        wrapper.set("components", strict(document.path("components").deepCopy()));
        Schema validator = registry.getSchema(wrapper.toString(), InputFormat.JSON);
        List<Error> errors = validator.validate(res.raw(), InputFormat.JSON,
                (executionContext, schemaContext) -> executionContext.executionConfig(c -> c.formatAssertionsEnabled(true)));
        if (!errors.isEmpty()) {
            fail(id + " " + status + " does not match the served OpenAPI document: " + errors + "\n" + res.raw());
        }
        checked.add(id + " " + status);
    }

    private Map.Entry<String, JsonNode> operation(String method, String path) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String pattern = entry.getKey().replaceAll("\\{[^}]+}", "[^/]+");
            JsonNode op = entry.getValue().get(method.toLowerCase(java.util.Locale.ROOT));
            if (path.matches(pattern) && op != null) {
                return Map.entry(entry.getKey(), op);
            }
        }
        throw new AssertionError("the served OpenAPI document has no operation " + method + " " + path);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = document.at(ref.asText().substring(1));
        assertTrue(!target.isMissingNode(), () -> "dangling " + ref);
        return resolve(target);
    }

    /** Closes every object schema that lists its properties (see the class comment). */
    private static JsonNode strict(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.fields().forEachRemaining(field -> strict(field.getValue()));
        } else if (node.isArray()) {
            node.forEach(OpenApiResponses::strict);
        }
        return node;
    }
}
