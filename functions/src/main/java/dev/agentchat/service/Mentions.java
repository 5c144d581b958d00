package dev.agentchat.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds who a message addresses: {@code @Name} (a member's current name, case-insensitive; names
 * may hold spaces and brackets, as in "Claude (2)", and the longest name that fits wins) or
 * {@code @agt_…} / {@code @usr_…}. A name several people share (a human and an agent, or two
 * humans, both "Bob") mentions all of them: the server cannot tell which one was meant, and a
 * missed mention costs more than an extra one. A plain scan, no regular expression: agent
 * content cannot make it backtrack, and it costs at most (number of @) x (number of names)
 * comparisons.
 */
public final class Mentions {
    /** Someone who can be mentioned: an agent ({@code agt_…}) or a human ({@code usr_…}) of the room. */
    public record Candidate(String id, String name) {
    }

    private Mentions() {
    }

    /** Whether {@code content} could mention anyone at all (so members need be looked up only then). */
    public static boolean mayMention(String content) {
        return content != null && content.indexOf('@') >= 0;
    }

    /** The ids {@code content} mentions, in the order first mentioned, each once. */
    public static List<String> parse(String content, List<Candidate> candidates) {
        if (!mayMention(content) || candidates.isEmpty()) {
            return List.of();
        }
        List<Candidate> longestFirst = new ArrayList<>(candidates.stream()
                .filter(c -> c.id() != null && c.name() != null && !c.name().isBlank()).toList());
        longestFirst.sort(Comparator.comparingInt((Candidate c) -> c.name().length()).reversed());
        Set<String> found = new LinkedHashSet<>();
        int at = content.indexOf('@');
        while (at >= 0) {
            int start = at + 1;
            // "mail@Ana" is an address, not a mention: an @ starts one only after a non-word character.
            if (at == 0 || !Character.isLetterOrDigit(content.charAt(at - 1))) {
                String hit = byId(content, start, candidates);
                if (hit != null) {
                    found.add(hit);
                } else {
                    found.addAll(byName(content, start, longestFirst));
                }
            }
            at = content.indexOf('@', start);
        }
        return List.copyOf(found);
    }

    private static String byId(String content, int start, List<Candidate> candidates) {
        if (!content.startsWith("agt_", start) && !content.startsWith("usr_", start)) {
            return null;
        }
        int end = start + 4;
        while (end < content.length() && Character.isLetterOrDigit(content.charAt(end))) {
            end++;
        }
        String id = content.substring(start, end);
        return candidates.stream().map(Candidate::id).filter(id::equals).findFirst().orElse(null);
    }

    /** Everyone bearing the longest name that fits at {@code start} (none if no name fits). */
    private static List<String> byName(String content, int start, List<Candidate> longestFirst) {
        List<String> hits = new ArrayList<>();
        String matched = null;
        for (Candidate c : longestFirst) {
            String name = c.name();
            if (matched != null) {
                if (name.length() < matched.length()) {
                    break;
                }
                if (name.equalsIgnoreCase(matched)) {
                    hits.add(c.id());
                }
                continue;
            }
            int end = start + name.length();
            if (content.regionMatches(true, start, name, 0, name.length())
                    && (end == content.length() || !isWordChar(content.charAt(end)) || !isWordChar(name.charAt(name.length() - 1)))) {
                matched = name;
                hits.add(c.id());
            }
        }
        return hits;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
