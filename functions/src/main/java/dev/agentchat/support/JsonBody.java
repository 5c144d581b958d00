package dev.agentchat.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.error.Refusal;

/** A request's JSON object with typed field readers whose errors name the field. */
public final class JsonBody {
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses a body that must be a JSON object; an empty body counts as {@code {}} when allowed. */
    public static JsonBody parse(String body, boolean emptyAllowed) {
        if (body == null || body.isBlank()) {
            if (emptyAllowed) {
                return new JsonBody(Json.object());
            }
            throw notAnObject();
        }
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest("Request body is not valid JSON: " + Json.problem(e) + ".");
        }
        if (root == null || !root.isObject()) {
            throw notAnObject();
        }
        return new JsonBody(root);
    }

    public static JsonBody of(JsonNode node) {
        return new JsonBody(node);
    }

    public JsonNode root() {
        return root;
    }

    public boolean has(String field) {
        JsonNode value = root.get(field);
        return value != null && !value.isNull();
    }

    /** A required non-blank string, trimmed, at most {@code maxChars} characters. */
    public String requiredString(String field, int maxChars) {
        String value = optionalString(field, maxChars);
        if (value == null || value.isBlank()) {
            throw required(field);
        }
        return value;
    }

    /** An optional string (null if absent or JSON null), trimmed, at most {@code maxChars} characters. */
    public String optionalString(String field, int maxChars) {
        String raw = rawString(field);
        if (raw == null) {
            return null;
        }
        String text = raw.trim();
        if (text.length() > maxChars) {
            throw Refusal.badRequest("'" + field + "' must be at most " + maxChars + " characters.");
        }
        return text;
    }

    /** The string exactly as sent (not trimmed), or null if absent; the caller checks its size. */
    public String rawString(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw Refusal.badRequest("'" + field + "' must be a string.");
        }
        return value.asText();
    }

    /** A required string exactly as sent (passwords: spaces count). */
    public String rawStringRequired(String field) {
        String value = rawString(field);
        if (value == null || value.isEmpty()) {
            throw required(field);
        }
        return value;
    }

    /** An optional boolean, or null if absent. */
    public Boolean optionalBoolean(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw Refusal.badRequest("'" + field + "' must be true or false.");
        }
        return value.asBoolean();
    }

    /** An optional integer in [min, max], or null if absent. */
    public Integer optionalInt(String field, int min, int max) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw Refusal.badRequest("'" + field + "' must be an integer.");
        }
        int number = value.asInt();
        if (number < min || number > max) {
            throw Refusal.badRequest("'" + field + "' must be between " + min + " and " + max + ".");
        }
        return number;
    }

    private static Refusal notAnObject() {
        return Refusal.badRequest("Request body must be a JSON object.");
    }

    private static Refusal required(String field) {
        return Refusal.badRequest("'" + field + "' is required.");
    }
}
