package dev.agentchat.bench.load;

import dev.agentchat.bench.BenchArgs;
import java.util.List;

/** What one load run does: how many rooms and agents, how fast and how long it sends, how long it waits. */
record LoadSettings(int rooms, int agents, double rate, double durationSec, double restFraction,
                    double warmupSec, double warmupRate, double graceSec, double fanoutGraceSec, int pad,
                    boolean sample, double targetP99Ms, int senders, String store, boolean floor) {

    static final List<BenchArgs.Option> OPTIONS = List.of(
            BenchArgs.option("rooms", "10", "rooms"),
            BenchArgs.option("agents", "10", "agents per room, each on its own WebSocket (at least 2)"),
            BenchArgs.option("rate", "100", "messages per second, all rooms together"),
            BenchArgs.option("duration", "20", "seconds of measured sending"),
            BenchArgs.option("rest-fraction", "0.5", "share of the sends made over REST, the rest over WebSocket"),
            BenchArgs.option("warmup", "3", "seconds sent first: counted for loss, not in the latency figures"),
            BenchArgs.option("warmup-rate", null, "messages per second during the warm-up (default: --rate)"),
            BenchArgs.option("grace", "3", "seconds to wait for responses, acks and deliveries after the last send"),
            BenchArgs.option("fanout-grace", "2", "more seconds for deliveries of sends confirmed by then"),
            BenchArgs.option("pad", "0", "extra content bytes per message"),
            BenchArgs.flag("sample", "sample every thread's stack during the measured phase"),
            BenchArgs.option("target-p99-ms", "100", "the fan-out p99 the verdict compares with"),
            BenchArgs.option("senders", "0", "agents per room that send, the others only receive (0 = every agent)"),
            BenchArgs.option("store", "file", "file: DynamoDB Local on a file in a temporary directory (as the standalone"
                    + " runs); memory: DynamoDB Local in memory"),
            BenchArgs.flag("floor", "first run the same load, same client, against an in-memory broadcaster (the"
                    + " machine's floor) and print both side by side"));

    static LoadSettings from(BenchArgs args) {
        LoadSettings s = new LoadSettings(args.integer("rooms"), args.integer("agents"), args.decimal("rate"),
                args.decimal("duration"), args.decimal("rest-fraction"), args.decimal("warmup"),
                args.isSet("warmup-rate") ? args.decimal("warmup-rate") : args.decimal("rate"),
                args.decimal("grace"), args.decimal("fanout-grace"), args.integer("pad"), args.flag("sample"),
                args.decimal("target-p99-ms"), args.integer("senders"), args.text("store"), args.flag("floor"));
        args.require(s.rooms >= 1 && s.agents >= 2 && s.rate > 0 && s.durationSec > 0 && s.restFraction >= 0
                        && s.restFraction <= 1 && s.warmupSec >= 0 && s.warmupRate > 0 && s.graceSec >= 0
                        && s.fanoutGraceSec >= 0 && s.pad >= 0 && s.senders >= 0 && s.senders <= s.agents
                        && (s.store.equals("file") || s.store.equals("memory")),
                "need rooms >= 1, agents >= 2, rate > 0, duration > 0, 0 <= rest-fraction <= 1,"
                        + " 0 <= senders <= agents, store file or memory");
        return s;
    }

    int warmupCount() {
        return (int) Math.round(warmupRate * warmupSec);
    }

    /** Messages sent in all: warm-up and measured. */
    int total() {
        return warmupCount() + (int) Math.round(rate * durationSec);
    }

    /** Agents of each room that send: the first {@code sendersPerRoom()} of it. */
    int sendersPerRoom() {
        return senders == 0 ? agents : senders;
    }

    /** Agents that should receive each message: everyone in the room but its sender. */
    int receivers() {
        return agents - 1;
    }
}
