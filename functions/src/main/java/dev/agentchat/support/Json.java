package dev.agentchat.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one JSON codec: Jackson's tree model only, read and written with jackson-core's
 * streaming parser and generator. No {@code ObjectMapper}: constructing one initialises most of
 * jackson-databind (serializer and deserializer factories, introspection, a date format with
 * its locale data): about 450 more classes loaded and a large share of a Lambda cold start,
 * none of which a tree needs. The result matches {@code ObjectMapper.readTree}/{@code writeValueAsString}
 * with default settings (JsonTest checks that against a real mapper).
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * Parses JSON text; throws {@link JsonProcessingException} if it is not JSON. Like
     * {@code ObjectMapper.readTree}: the first value only (trailing content is not read), and a
     * text with no value at all gives a {@link MissingNode}.
     */
    public static JsonNode parse(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            return first == null ? MissingNode.getInstance() : read(parser, first);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a String cannot fail on I/O", e);
        }
    }

    public static String write(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        return out.toString();
    }

    /** The value starting at {@code token} (the parser's current token). */
    private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    // A repeated name keeps its last value, as the mapper's default does.
                    object.set(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(read(parser, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                // Embedded objects and stray field names: a text parser never yields them here.
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    out.writeFieldName(field.getKey());
                    write(field.getValue(), out);
                }
                out.writeEndObject();
                break;
            case ARRAY:
                out.writeStartArray();
                for (JsonNode element : node) {
                    write(element, out);
                }
                out.writeEndArray();
                break;
            case STRING:
                out.writeString(node.textValue());
                break;
            case NUMBER:
                writeNumber(node, out);
                break;
            case BOOLEAN:
                out.writeBoolean(node.booleanValue());
                break;
            case NULL:
            case MISSING:
                // The mapper writes a missing node (from JsonNode.path) as null too.
                out.writeNull();
                break;
            default:
                // Binary and POJO nodes: never built by this app (writing them needs data binding).
                throw new IllegalArgumentException("not a plain JSON node: " + node.getNodeType());
        }
    }

    private static void writeNumber(JsonNode node, JsonGenerator out) throws IOException {
        switch (node.numberType()) {
            case INT:
                out.writeNumber(node.intValue());
                break;
            case LONG:
                out.writeNumber(node.longValue());
                break;
            case BIG_INTEGER:
                out.writeNumber(node.bigIntegerValue());
                break;
            case FLOAT:
                out.writeNumber(node.floatValue());
                break;
            case BIG_DECIMAL:
                out.writeNumber(node.decimalValue());
                break;
            default:
                out.writeNumber(node.doubleValue());
                break;
        }
    }
}
