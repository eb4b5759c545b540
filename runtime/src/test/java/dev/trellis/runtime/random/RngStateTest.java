package dev.trellis.runtime.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.random.RandomGenerator.SplittableGenerator;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link Rng} runs its own copy of the JDK's {@code L64X128MixRandom} so that it can save and restore its state: its
 * streams must equal the JDK's bit for bit (every kind of draw, splits included), and a restored state must continue
 * the stream exactly.
 */
class RngStateTest {

    private static final RandomGeneratorFactory<SplittableGenerator> JDK = RandomGeneratorFactory.of(Rng.ALGORITHM);

    @Test
    void everyKindOfDrawEqualsTheJdksGenerator() {
        for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x5eed_1234_abcdL}) {
            Rng ours = Rng.seeded(seed);
            SplittableGenerator theirs = JDK.create(seed);
            assertSameStreams(ours, theirs, "seed " + seed);
        }
    }

    @Test
    void splitStreamsEqualTheJdksSplitsAtAnyDepth() {
        Rng ours = Rng.seeded(2024);
        SplittableGenerator theirs = JDK.create(2024);
        for (int depth = 0; depth < 5; depth++) {
            ours.nextGaussian();
            theirs.nextGaussian();
            ours = ours.split();
            theirs = theirs.split();
            assertSameStreams(ours, theirs, "split depth " + depth);
        }
    }

    @Test
    void aRestoredStateContinuesTheStreamExactly() {
        Rng original = Rng.seeded(7);
        for (int i = 0; i < 123; i++) {
            original.nextGaussian();
        }
        Rng.State saved = original.state();
        double[] expected = new double[500];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i % 3 == 0 ? original.nextGaussian() : i % 3 == 1 ? original.nextDouble()
                    : original.nextExponential();
        }
        Rng restored = Rng.fromState(saved);
        for (int i = 0; i < expected.length; i++) {
            double draw = i % 3 == 0 ? restored.nextGaussian() : i % 3 == 1 ? restored.nextDouble()
                    : restored.nextExponential();
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(draw), "draw " + i);
        }
        assertEquals(original.state(), restored.state());
    }

    @Test
    void aStateIsAValueThatLaterDrawsDoNotChange() {
        Rng rng = Rng.seeded(3);
        Rng.State before = rng.state();
        rng.nextDouble();
        assertEquals(before, Rng.seeded(3).state());
        assertEquals(rng.state(), Rng.fromState(rng.state()).state());
    }

    private static void assertSameStreams(Rng ours, RandomGenerator theirs, String what) {
        for (int i = 0; i < 2000; i++) {
            String at = what + ", draw " + i;
            switch (i % 5) {
                case 0 -> assertEquals(Double.doubleToRawLongBits(theirs.nextDouble()),
                        Double.doubleToRawLongBits(ours.nextDouble()), at);
                case 1 -> assertEquals(Double.doubleToRawLongBits(theirs.nextGaussian()),
                        Double.doubleToRawLongBits(ours.nextGaussian()), at);
                case 2 -> assertEquals(Double.doubleToRawLongBits(theirs.nextExponential()),
                        Double.doubleToRawLongBits(ours.nextExponential()), at);
                case 3 -> assertEquals(theirs.nextInt(1 + i), ours.nextInt(1 + i), at);
                default -> assertEquals(theirs.nextInt(1 << 20), ours.nextInt(1 << 20), at);
            }
        }
    }
}
