package dev.agentchat.bench.load;

/** Names a thread's group for the reports: its name with the numbers folded, and whose side it is on. */
final class ThreadGroups {
    private ThreadGroups() {
    }

    /** Pools show up as one line: {@code [bench] bench-rest-#}, {@code [server] XNIO-# task-#}, {@code [other] …}. */
    static String of(String name) {
        if (name == null) {
            return "?";
        }
        String g = name.replaceAll("\\d+", "#");
        if (g.startsWith("bench-") || g.startsWith("HttpClient-#-SelectorManager") || g.equals("main")) {
            return "[bench] " + g;
        }
        if (g.startsWith("XNIO-") || g.startsWith("SQLiteQueue") || g.equals("ws-lane") || g.equals("fan-out")
                || g.equals("stream-poller") || g.equals("sweeper") || g.equals("Keep-Alive-Timer") || g.startsWith("management-api")
                || g.startsWith("pool-#-thread-")) {
            return "[server] " + g;
        }
        return "[other] " + g;
    }
}
