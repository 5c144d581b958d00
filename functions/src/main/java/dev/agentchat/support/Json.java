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
 * with default settings (JsonTest checks that against a real mapper) for every text it accepts;
 * it is stricter about what it accepts (see {@link #parse}).
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
     * What a text that the parser reads fine is refused for: content after the value, a name
     * repeated in one object, a string holding half a surrogate pair. Each would otherwise be
     * silently altered (cut off, last value wins, a replacement character when stored as UTF-8).
     */
    public static final class Malformed extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        Malformed(String message, JsonParser parser) {
            super(message, parser.currentLocation());
        }
    }

    /**
     * Parses JSON text; throws {@link JsonProcessingException} if it is not JSON, or
     * {@link Malformed} if it is more than one value, repeats a name within an object or holds
     * a lone surrogate (RFC 8259 §4 and §8.2 leave those to the reader; as the reader of
     * requests, we refuse them rather than guess). A text with no value at all gives a
     * {@link MissingNode}, as {@code ObjectMapper.readTree} does.
     */
    public static JsonNode parse(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return MissingNode.getInstance();
            }
            JsonNode value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new Malformed("content after the JSON value", parser);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a String cannot fail on I/O", e);
        }
    }

    /**
     * What is wrong with a refused text, said for the sender: ours in full, the parser's own
     * reduced to where it stopped (its messages quote the input and name its internals).
     */
    public static String problem(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return (e instanceof Malformed ? e.getOriginalMessage() : "not JSON") + where;
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
                    String name = checked(parser.currentName(), parser);
                    if (object.has(name)) {
                        throw new Malformed("the name \"" + clip(name) + "\" appears twice in one object", parser);
                    }
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
                return NODES.textNode(checked(parser.getText(), parser));
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

    /** The text, if every surrogate in it is half of a pair (a lone one has no UTF-8 form). */
    private static String checked(String text, JsonParser parser) throws Malformed {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new Malformed(String.format("a lone surrogate \\u%04X in a string", (int) c), parser);
            }
        }
        return text;
    }

    private static String clip(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "…";
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
