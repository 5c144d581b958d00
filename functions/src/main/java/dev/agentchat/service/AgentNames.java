package dev.agentchat.service;

import java.util.Locale;
import java.util.Set;

/**
 * How an agent gets its display name (SPEC §8): the invite's label, else the {@code name} it
 * passes to join or heartbeat, else a self-introduction in its first message, else
 * {@code Agent <6 hex of the key digest>}.
 *
 * <p>Introductions are read by a hand-written scanner, not a regular expression: agent input
 * must never make a matcher backtrack or recurse once per character, and each character of the
 * message is looked at a bounded number of times.
 */
public final class AgentNames {
    public static final int MAX_NAME_CHARS = 64;
    /** A name phrase is a few words ("Gemini 2.5 Pro", "Ana's research assistant"), never a sentence. */
    private static final int MAX_WORDS = 5;
    /** How far "the … agent, Name" may look for its role noun. */
    private static final int MAX_ROLE_WORDS = 4;
    private static final String ELLIPSIS = "…";

    /** Phrases that introduce a name; after the explicit ones, a lowercase name counts too. */
    private static final String[] EXPLICIT = {"my name is", "call me", "you can call me"};
    private static final String[] IMPLICIT = {"i'm", "i’m", "i am", "this is"};
    /** "I'm called Max", "I am named Max". */
    private static final Set<String> NAMING_VERBS = Set.of("called", "named");
    /** "I'm the admin agent, Opus": an article opens a role, and the name follows it. */
    private static final Set<String> ARTICLES = Set.of("the", "a", "an", "your", "our", "their");
    /** What an agent says it is; the word that ends "Ana's research assistant" or "the admin agent". */
    private static final Set<String> ROLE_NOUNS = Set.of("agent", "assistant", "bot", "helper", "ai", "copilot",
            "model", "llm", "aide", "deputy", "delegate", "representative", "rep", "proxy", "twin", "intern",
            "secretary", "concierge", "planner", "researcher", "coder", "reviewer", "analyst", "scribe",
            "moderator", "coordinator", "admin", "orchestrator", "engineer", "developer", "tester", "writer",
            "editor", "translator", "advisor", "adviser", "manager", "buddy", "sidekick", "butler");
    /**
     * Capitalised words that follow "I'm" at a sentence's start without being a name
     * ("I'm Here", "This is Not…"); compared in lower case.
     */
    private static final Set<String> NOT_NAMES = Set.of("not", "here", "back", "ready", "sorry", "done", "glad",
            "happy", "sure", "just", "also", "still", "now", "so", "very", "going", "working", "looking", "trying",
            "able", "afraid", "new", "online", "available", "in", "on", "at", "from", "with", "for", "to", "all",
            "it", "that", "what", "how", "why", "where", "when", "who", "i", "you", "we", "they", "he", "she", "my",
            "thinking", "curious", "interested", "excited", "confused", "unsure", "fine", "good", "great", "ok",
            "okay", "hi", "hello", "hey", "one", "only", "really", "quite", "pretty", "about", "currently");
    /** Capitalised words that end a name rather than continue it ("I'm Claude I think"). */
    private static final Set<String> ENDS_NAME = Set.of("i", "i'm", "i’m", "i'll", "i’ll", "i've", "i’ve", "i'd",
            "i’d", "and", "but", "or", "here", "hi", "hello", "hey", "thanks", "please", "ready");

    private AgentNames() {
    }

    public static String fallback(String keyHash) {
        return "Agent " + keyHash.substring(0, 6);
    }

    /** The name an agent gives itself in a message, or null if it does not introduce itself. */
    public static String fromIntroduction(String content) {
        if (content == null) {
            return null;
        }
        int length = content.length();
        for (int i = 0; i < length; i++) {
            if (i > 0 && isWordPart(content.codePointBefore(i))) {
                continue; // An introduction starts a word: not "Thisis", not "WiFi I'm…" mid-word.
            }
            String name = nameAfter(content, i, EXPLICIT, true);
            if (name == null) {
                name = nameAfter(content, i, IMPLICIT, false);
            }
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /**
     * A name fit for display: no control characters, single spaces, at most 64 characters (cut at
     * a word boundary, with an ellipsis); null if empty.
     */
    public static String clean(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder cleaned = new StringBuilder(Math.min(name.length(), 4 * MAX_NAME_CHARS));
        boolean space = false;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.FORMAT) {
                continue; // Invisible: zero-width and direction overrides only help a look-alike.
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                space = cleaned.length() > 0;
                continue;
            }
            if (space) {
                cleaned.append(' ');
                space = false;
            }
            cleaned.appendCodePoint(c);
            if (cleaned.length() > MAX_NAME_CHARS + 1) {
                break; // Enough to know it must be shortened, and where.
            }
        }
        return cleaned.length() == 0 ? null : shorten(cleaned.toString(), MAX_NAME_CHARS);
    }

    /**
     * {@code name} in at most {@code maxChars} characters: whole words and an ellipsis when it is
     * longer (or a cut word when the first word alone is too long).
     */
    public static String shorten(String name, int maxChars) {
        if (name.length() <= maxChars) {
            return name;
        }
        int room = maxChars - ELLIPSIS.length();
        int cut = name.lastIndexOf(' ', room);
        if (cut <= 0) {
            cut = room;
            if (Character.isLowSurrogate(name.charAt(cut))) {
                cut--; // Never split a character in two.
            }
        }
        return name.substring(0, cut).stripTrailing() + ELLIPSIS;
    }

    /** The name after one of {@code phrases} starting at {@code at}, or null. */
    private static String nameAfter(String s, int at, String[] phrases, boolean explicit) {
        for (String phrase : phrases) {
            int after = matchPhrase(s, at, phrase);
            if (after < 0) {
                continue;
            }
            int start = skipBlanks(s, after);
            if (start == after) {
                continue; // "I'mBob" introduces nobody.
            }
            String name = namePhrase(s, start, explicit);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /** Index after {@code phrase} (case-insensitive; its spaces match runs of blanks), or -1. */
    private static int matchPhrase(String s, int at, String phrase) {
        int i = at;
        for (int p = 0; p < phrase.length(); p++) {
            char want = phrase.charAt(p);
            if (want == ' ') {
                int next = skipBlanks(s, i);
                if (next == i) {
                    return -1;
                }
                i = next;
            } else if (i < s.length() && sameLetter(s.charAt(i), want)) {
                i++;
            } else {
                return -1;
            }
        }
        // The phrase ends a word: "I'm" yes, "Imagine" or "this island" no.
        return i < s.length() && isWordPart(s.codePointAt(i)) ? -1 : i;
    }

    private static boolean sameLetter(char got, char want) {
        if (want == '\'' || want == '’') {
            return got == '\'' || got == '’';
        }
        return Character.toLowerCase(got) == want;
    }

    /**
     * The name phrase at {@code start}: a capitalised word and up to four more ("Gemini 2.5 Pro"),
     * a possessive and its role ("Ana's assistant"), or, after an article, a role and then the name
     * ("the admin agent, Opus"). After an explicit phrase the first word may be lower case.
     */
    private static String namePhrase(String s, int start, boolean explicit) {
        int end = wordEnd(s, start);
        if (end == start) {
            return null;
        }
        String first = lower(s, start, end);
        if (!explicit) {
            if (NAMING_VERBS.contains(first)) {
                int next = skipBlanks(s, end);
                return next == end ? null : namePhrase(s, next, true);
            }
            if (ARTICLES.contains(first)) {
                return nameAfterRole(s, end);
            }
            if (!startsCapital(s, start) || NOT_NAMES.contains(first)) {
                return null;
            }
        }
        int words = 1;
        int phraseEnd = end;
        boolean possessive = isPossessive(s, start, end);
        while (words < MAX_WORDS) {
            int next = skipBlanks(s, phraseEnd);
            if (next == phraseEnd) {
                break; // Punctuation, end of text or a line break ends the name.
            }
            int nextEnd = wordEnd(s, next);
            if (nextEnd == next) {
                break;
            }
            if (possessive) {
                // "Ana's assistant", "Ana's research assistant": up to and including the role noun.
                int roleEnd = roleEnd(s, next, MAX_WORDS - words);
                if (roleEnd > 0) {
                    phraseEnd = roleEnd;
                    possessive = false;
                    break;
                }
            }
            if (!startsCapital(s, next) || ENDS_NAME.contains(lower(s, next, nextEnd))) {
                break;
            }
            phraseEnd = nextEnd;
            possessive = isPossessive(s, next, nextEnd);
            words++;
        }
        if (possessive) {
            return null; // "I'm Ana's" names nobody: whose what?
        }
        return clean(s.substring(start, phraseEnd));
    }

    /** "… agent, Opus": the role noun within a few words, then optional punctuation, then the name. */
    private static String nameAfterRole(String s, int from) {
        int next = skipBlanks(s, from);
        if (next == from) {
            return null;
        }
        int roleEnd = roleEnd(s, next, MAX_ROLE_WORDS);
        if (roleEnd < 0) {
            return null;
        }
        int i = skipBlanks(s, roleEnd);
        if (i < s.length() && ",:(–—-".indexOf(s.charAt(i)) >= 0) {
            i = skipBlanks(s, i + 1);
        }
        int wordEnd = wordEnd(s, i);
        if (wordEnd > i && NAMING_VERBS.contains(lower(s, i, wordEnd))) {
            i = skipBlanks(s, wordEnd);
        }
        if (i == roleEnd || wordEnd(s, i) == i) {
            return null;
        }
        return namePhrase(s, i, false);
    }

    /**
     * The end of a run of at most {@code maxWords} words starting at {@code from} whose last word
     * is a role noun ("research assistant"), or -1 if there is none.
     */
    private static int roleEnd(String s, int from, int maxWords) {
        int i = from;
        for (int w = 0; w < maxWords; w++) {
            int end = wordEnd(s, i);
            if (end == i) {
                return -1;
            }
            if (ROLE_NOUNS.contains(lower(s, i, end))) {
                // "admin agent", "AI assistant": the role is the whole run of role nouns.
                int next = skipBlanks(s, end);
                int nextEnd = wordEnd(s, next);
                while (next > end && nextEnd > next && ROLE_NOUNS.contains(lower(s, next, nextEnd))) {
                    end = nextEnd;
                    next = skipBlanks(s, end);
                    nextEnd = wordEnd(s, next);
                }
                return end;
            }
            int next = skipBlanks(s, end);
            if (next == end) {
                return -1;
            }
            i = next;
        }
        return -1;
    }

    /**
     * The end of the word at {@code from}: letters and digits, joined by {@code _ ' ’ -}, and dots
     * inside it ("GPT-4.1", never "Claude." at a sentence's end); trailing joiners are not part of it.
     */
    private static int wordEnd(String s, int from) {
        if (from >= s.length() || !Character.isLetterOrDigit(s.codePointAt(from))) {
            return from;
        }
        int end = from;
        int i = from;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (Character.isLetterOrDigit(c)) {
                i += Character.charCount(c);
                end = i;
            } else if (isJoiner(c)) {
                i++;
            } else {
                break;
            }
        }
        return end;
    }

    private static boolean isJoiner(int c) {
        return c == '_' || c == '\'' || c == '’' || c == '-' || c == '.';
    }

    private static boolean isWordPart(int c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '\'' || c == '’';
    }

    /** A word of a name starts upper case, with a digit, or in a script without case. */
    private static boolean startsCapital(String s, int at) {
        int c = s.codePointAt(at);
        return Character.isUpperCase(c) || Character.isTitleCase(c) || Character.isDigit(c)
                || (Character.isLetter(c) && !Character.isLowerCase(c));
    }

    /** "Ana's" or "the Smiths'". */
    private static boolean isPossessive(String s, int start, int end) {
        if (end - start >= 3 && (s.charAt(end - 1) == 's' || s.charAt(end - 1) == 'S')) {
            char mark = s.charAt(end - 2);
            return mark == '\'' || mark == '’';
        }
        return end < s.length() && (s.charAt(end) == '\'' || s.charAt(end) == '’') && s.charAt(end - 1) == 's'
                && (end + 1 >= s.length() || !isWordPart(s.codePointAt(end + 1)));
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\u00a0')) {
            i++;
        }
        return i;
    }

    private static String lower(String s, int start, int end) {
        return s.substring(start, end).toLowerCase(Locale.ROOT);
    }
}
