package dev.agentchat.bench.load;

/**
 * The open-loop schedule: when message {@code i} is due (a fixed rate whatever the latency, so
 * overload shows up as a growing backlog rather than a slower sender), which room and agent
 * send it, and whether over REST or WebSocket. Rooms take turns; within a room the senders
 * rotate; the REST share is spread evenly per room, odd rooms half a step out of phase.
 * {@link #plan} must be called for 0, 1, 2… in order: the REST spreading is stateful.
 */
final class SendSchedule {
    private final LoadSettings settings;
    private final long firstSendNanos;
    private final long measureStart;
    private final double periodNanos;
    private final double warmupPeriodNanos;
    private final int warmupCount;
    private final long[] perRoomCount;
    private final double[] perRoomRestCredit;

    SendSchedule(LoadSettings settings, long firstSendNanos) {
        this.settings = settings;
        this.firstSendNanos = firstSendNanos;
        this.warmupCount = settings.warmupCount();
        this.periodNanos = 1e9 / settings.rate();
        this.warmupPeriodNanos = 1e9 / settings.warmupRate();
        this.measureStart = firstSendNanos + (long) (warmupCount * warmupPeriodNanos);
        this.perRoomCount = new long[settings.rooms()];
        this.perRoomRestCredit = new double[settings.rooms()];
        for (int r = 1; r < settings.rooms(); r += 2) {
            perRoomRestCredit[r] = 0.5; // odd rooms start half a step ahead, so rooms differ in phase
        }
    }

    /** When the measured phase starts: the first measured message is due then. */
    long measureStart() {
        return measureStart;
    }

    /** The {@code System.nanoTime()} at which message {@code i} is due. */
    long dueNanos(int i) {
        return i < warmupCount ? firstSendNanos + (long) (i * warmupPeriodNanos)
                : measureStart + (long) ((i - warmupCount) * periodNanos);
    }

    /** Message {@code i}: its room, its sender and its transport. */
    SentMessage plan(int i) {
        int room = i % settings.rooms();
        long c = perRoomCount[room]++;
        int senders = settings.sendersPerRoom();
        int agent = (int) ((c + c / senders) % senders);
        // Per-room Bresenham on the REST fraction, staggered across rooms.
        perRoomRestCredit[room] += settings.restFraction();
        boolean rest = false;
        if (perRoomRestCredit[room] >= 1.0 - 1e-9) {
            perRoomRestCredit[room] -= 1.0;
            rest = true;
        }
        return new SentMessage(i, room, agent, rest, i < warmupCount);
    }
}
