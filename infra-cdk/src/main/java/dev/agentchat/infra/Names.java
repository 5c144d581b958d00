package dev.agentchat.infra;

/** Construct ids derived from the code's own names, so the template reads like the route table. */
final class Names {
    private Names() {
    }

    /** {@code idempotency} → {@code Idempotency}, {@code by_room} → {@code ByRoom}. */
    static String pascal(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
