package dev.agentchat.standalone.fuzz;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs a property as a fixed number of JUnit dynamic tests, one per try, each named by a short
 * summary of its input. Inputs come from {@link java.util.Random} seeded per property, so CI sees
 * the same inputs on every run and a red build is never luck; a failure names the property's seed
 * and the try's own seed, and {@link #REPLAY_PROPERTY} re-runs that one try (other
 * properties then run none).
 *
 * <p>To explore new inputs locally, pass {@code -Dfuzz.seed=<n>}; the seed in use is in every
 * failure message.
 */
final class FuzzTries {
    /** System property naming a seed to use instead of each property's own. */
    static final String SEED_PROPERTY = "fuzz.seed";
    /** System property naming one try seed (from a failure message) to run alone. */
    static final String REPLAY_PROPERTY = "fuzz.replay";

    /** One try's input and its printable summary. */
    record Try<T>(long seed, T input, String summary) {
    }

    private FuzzTries() {
    }

    /**
     * {@code tries} dynamic tests of {@code property}: try {@code i} draws its input from a
     * {@link Random} seeded with the {@code i}-th long of a {@code Random(seed)}.
     */
    static <T> Stream<DynamicTest> tries(String property, long seed, int tries, Function<Random, T> generator,
                                         Function<T, String> summary, Consumer<T> check) {
        long propertySeed = Long.getLong(SEED_PROPERTY, seed);
        Long replay = Long.getLong(REPLAY_PROPERTY);
        Random seeds = new Random(propertySeed);
        List<Try<T>> all = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            long trySeed = seeds.nextLong();
            if (replay == null || replay == trySeed) {
                T input = generator.apply(new Random(trySeed));
                all.add(new Try<>(trySeed, input, summary.apply(input)));
            }
        }
        return all.stream().map(t -> dynamicTest(t.summary(), () -> {
            try {
                check.accept(t.input());
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(property + " failed for " + t.summary() + " (property seed " + propertySeed
                        + ", try seed " + t.seed() + "; re-run with -D" + REPLAY_PROPERTY + "=" + t.seed() + "): "
                        + e.getMessage(), e);
            }
        }));
    }
}
