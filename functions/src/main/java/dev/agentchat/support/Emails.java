package dev.agentchat.support;

import dev.agentchat.error.Refusal;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one spelling of an e-mail address an account is stored and found under, so that two
 * addresses a person cannot tell apart are one account.
 *
 * <p>NFKC folds compatibility forms (full-width letters, ligatures, a no-break space into a
 * space); then any Unicode white space at either end goes, as {@link String#trim()} does for
 * ASCII; then lower case. What is left may hold no white space, control or invisible format
 * character (a zero-width space would otherwise make a second look-alike account): such an
 * address is refused, not silently altered.
 */
public final class Emails {
    private static final int MAX_CHARS = 254;
    private static final Pattern SHAPE = Pattern.compile("^[^@]+@[^@]+\\.[^@]+$");

    private Emails() {
    }

    /** The normalised address; BAD_REQUEST if what remains is not an e-mail address. */
    public static String normalise(String email) {
        String folded = Normalizer.normalize(email, Normalizer.Form.NFKC);
        int start = 0;
        int end = folded.length();
        while (start < end && blank(folded.codePointAt(start))) {
            start += Character.charCount(folded.codePointAt(start));
        }
        while (end > start && blank(folded.codePointBefore(end))) {
            end -= Character.charCount(folded.codePointBefore(end));
        }
        String normalised = folded.substring(start, end).toLowerCase(Locale.ROOT);
        if (normalised.length() > MAX_CHARS || !SHAPE.matcher(normalised).matches()
                || normalised.codePoints().anyMatch(Emails::forbidden)) {
            throw Refusal.badRequest("'email' must be an e-mail address.");
        }
        return normalised;
    }

    private static boolean blank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.FORMAT || Character.isISOControl(codePoint);
    }

    private static boolean forbidden(int codePoint) {
        return blank(codePoint) || Character.getType(codePoint) == Character.UNASSIGNED
                || Character.getType(codePoint) == Character.SURROGATE
                || Character.getType(codePoint) == Character.PRIVATE_USE;
    }
}
