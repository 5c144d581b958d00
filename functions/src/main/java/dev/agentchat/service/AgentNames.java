package dev.agentchat.service;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an agent gets its display name (SPEC §8): the invite's label, else a self-introduction
 * in its first message, else {@code Agent <6 hex of the key digest>}.
 */
public final class AgentNames {
    public static final int MAX_NAME_CHARS = 64;

    // A dot belongs to a word only inside it ("GPT-4.1"), never at its end ("I'm Claude. Ready").
    // Every repetition is possessive: agent input must never make the matcher backtrack (or
    // recurse) once per character; a greedy match here is also the only one that can succeed.
    private static final String WORD_TAIL = "(?:[\\p{L}\\p{N}_'’-]++|\\.(?=[\\p{L}\\p{N}]))*+";
    private static final String WORD = "[\\p{L}\\p{N}]" + WORD_TAIL;
    private static final String CAPITAL_WORD = "[\\p{Lu}\\p{N}]" + WORD_TAIL;
    private static final String MORE_WORDS = "(?:[ \\t]++" + CAPITAL_WORD + "){0,3}+";
    private static final String LEAD = "(?:^|[\\s,.!?;:(\"“])";
    // "My name is x" names whatever follows; "I'm / I am / This is" only a capitalised word,
    // so that "I am going to…" or "this is a test" name nobody.
    private static final Pattern EXPLICIT = Pattern.compile(
            LEAD + "(?i:my name is|call me)[ \\t]++(" + WORD + MORE_WORDS + ")");
    private static final Pattern INTRODUCTION = Pattern.compile(
            LEAD + "(?i:i['’]m|i am|this is)[ \\t]++(" + CAPITAL_WORD + MORE_WORDS + ")");
    private static final String TRAILING_PUNCTUATION = "'’.-";

    private AgentNames() {
    }

    public static String fallback(String keyHash) {
        return "Agent " + keyHash.substring(0, 6);
    }

    /** The name an agent gives itself in a message, or null if it does not introduce itself. */
    public static String fromIntroduction(String content) {
        String found = earliest(EXPLICIT.matcher(content), INTRODUCTION.matcher(content));
        return found == null ? null : clean(withoutTrailingPunctuation(found));
    }

    /** A name fit for display: no control characters, single spaces, at most 64 characters; null if empty. */
    public static String clean(String name) {
        if (name == null) {
            return null;
        }
        String cleaned = name.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").trim();
        if (cleaned.length() > MAX_NAME_CHARS) {
            cleaned = cleaned.substring(0, MAX_NAME_CHARS).trim();
        }
        return cleaned.isEmpty() ? null : cleaned;
    }

    private static String withoutTrailingPunctuation(String word) {
        int end = word.length();
        while (end > 0 && TRAILING_PUNCTUATION.indexOf(word.charAt(end - 1)) >= 0) {
            end--;
        }
        return word.substring(0, end);
    }

    private static String earliest(Matcher a, Matcher b) {
        int startA = a.find() ? a.start(1) : Integer.MAX_VALUE;
        int startB = b.find() ? b.start(1) : Integer.MAX_VALUE;
        if (startA == Integer.MAX_VALUE && startB == Integer.MAX_VALUE) {
            return null;
        }
        return startA <= startB ? a.group(1) : b.group(1);
    }
}
