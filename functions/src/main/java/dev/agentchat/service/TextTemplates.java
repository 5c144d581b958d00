package dev.agentchat.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text resources with {@code {{name}}} placeholders (instruction blocks, the OpenAPI document), loaded once. */
public final class TextTemplates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private TextTemplates() {
    }

    /** Fills every placeholder of the resource; an unknown placeholder is a bug in the resource. */
    public static String fill(String resource, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(load(resource));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException(resource + " uses unknown {{" + matcher.group(1) + "}}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public static boolean exists(String resource) {
        return TextTemplates.class.getResource(resource) != null;
    }

    private static String load(String resource) {
        return CACHE.computeIfAbsent(resource, path -> {
            try (InputStream in = TextTemplates.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + path);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
