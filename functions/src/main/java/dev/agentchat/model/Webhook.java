package dev.agentchat.model;

/**
 * An agent's webhook (SPEC §13), stored on its key item so that room info and the wake-up
 * dispatcher see it with the reads they already make.
 *
 * <p>The signing secret is kept as issued, not as a digest: the server has to compute HMACs
 * with it on every delivery. It sits in the keys table, which only the functions that declare
 * the keys table can read, encrypted at rest by DynamoDB. A KMS envelope (only the delivery
 * function allowed to decrypt) would narrow that further; it is not done yet.
 *
 * @param consecutiveFailures failed deliveries since the last success
 * @param disabled            turned off after too many consecutive failures (setting it again re-enables it)
 * @param last                the last delivery's result, or null before the first
 * @param setAtMillis         when it was set: events older than that are not delivered to it
 */
public record Webhook(String url, WakeEvents events, String secret, boolean disabled, int consecutiveFailures,
                      Delivery last, long setAtMillis) {

    /** Which events wake the agent. */
    public enum WakeEvents {
        /** Every room event the agent did not write itself. */
        ALL("all"),
        /** Only messages that mention it. */
        MENTIONS("mentions");

        private final String wire;

        WakeEvents(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The value for a wire name, or null if there is none. */
        public static WakeEvents fromWire(String value) {
            for (WakeEvents events : values()) {
                if (events.wire.equals(value)) {
                    return events;
                }
            }
            return null;
        }
    }

    /**
     * One delivery attempt's result, as the agent and the room's humans see it.
     *
     * @param status the receiver's HTTP status, 0 if it gave none
     * @param error  why it failed, null on success
     */
    public record Delivery(String at, boolean ok, int status, long latencyMillis, String error) {
    }

    /** Whether deliveries go out. */
    public boolean active() {
        return !disabled;
    }

    /** {@code active} or {@code disabled}. */
    public String status() {
        return disabled ? "disabled" : "active";
    }
}
