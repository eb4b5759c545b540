package dev.trellis.runtime.random;

import java.util.random.RandomGenerator;
import java.util.random.RandomGenerator.SplittableGenerator;
import java.util.random.RandomGeneratorFactory;
import org.jspecify.annotations.Nullable;

/**
 * A seeded random number generator whose stream is the same on every run and every platform.
 *
 * <p>It wraps the JDK's {@code L64X128MixRandom}, an LXM generator whose algorithm is fixed by its name
 * (unlike {@link java.util.Random}'s successors chosen by {@code RandomGenerator.getDefault()}), so a seed
 * written in a test or an experiment log reproduces the same draws on any Java 17+ VM. It is splittable:
 * {@link #split()} derives an independent stream, which is how parallel work (one stream per sequence) stays
 * reproducible regardless of the thread count.
 *
 * <p>A seeded stream knows its {@link #position()}: how many 64-bit words it has drawn. Every draw is derived from
 * those words by the algorithms {@link RandomGenerator} specifies, so {@link #seeded(long, long)} resumes the stream
 * exactly where it was (what a training checkpoint stores). A stream that was split, or split from another, has no
 * position to resume from.
 *
 * <p>Not thread-safe: give each thread its own {@code split()} stream.
 */
public final class Rng {

    /** The algorithm name; part of the reproducibility promise, so never change it silently. */
    public static final String ALGORITHM = "L64X128MixRandom";

    private static final RandomGeneratorFactory<SplittableGenerator> FACTORY = RandomGeneratorFactory.of(ALGORITHM);

    private final SplittableGenerator generator;
    /** Draws through here: the 64-bit words are counted, every other draw is derived from them. */
    private final CountingWords words;
    /** The seed, while the position can resume the stream; null once split or for a child. */
    private @Nullable Long seed;

    private Rng(SplittableGenerator generator, @Nullable Long seed) {
        this.generator = generator;
        this.words = new CountingWords(generator);
        this.seed = seed;
    }

    /**
     * Creates a generator whose whole stream is determined by {@code seed}.
     *
     * @param seed any long; equal seeds give equal streams
     * @return a new generator
     */
    public static Rng seeded(long seed) {
        return new Rng(FACTORY.create(seed), seed);
    }

    /**
     * Resumes the stream of {@code seed} at a position: the same draws as {@code seeded(seed)} after it drew
     * {@code position} words.
     *
     * @param seed the stream's seed
     * @param position a {@link #position()} of that stream, at least 0
     * @return a generator at that position (skipping costs about a nanosecond per word)
     */
    public static Rng seeded(long seed, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position " + position + " is negative");
        }
        Rng rng = seeded(seed);
        for (long i = 0; i < position; i++) {
            rng.words.nextLong();
        }
        return rng;
    }

    /**
     * {@return how many 64-bit words this stream has drawn since it was seeded}
     *
     * @throws IllegalStateException if the stream was split or is a child of a split: it cannot be resumed by seed and
     *     position
     */
    public long position() {
        if (seed == null) {
            throw new IllegalStateException("a stream that was split (or split from another) has no position to "
                    + "resume from");
        }
        return words.count;
    }

    /**
     * {@return the seed this stream was made from}
     *
     * @throws IllegalStateException as {@link #position()}
     */
    public long seed() {
        if (seed == null) {
            throw new IllegalStateException("a stream that was split (or split from another) has no seed to resume "
                    + "from");
        }
        return seed;
    }

    /**
     * Returns a uniform double in [0, 1) and advances this stream by one draw.
     *
     * @return the next double, a multiple of 2^-53
     */
    public double nextDouble() {
        return words.nextDouble();
    }

    /**
     * Returns a standard normal draw and advances this stream. The JDK's algorithm for it (a modified ziggurat) is
     * part of {@code RandomGenerator}'s specification, so the draws are as reproducible as {@link #nextDouble()}.
     *
     * @return a draw from Normal(0, 1)
     */
    public double nextGaussian() {
        return words.nextGaussian();
    }

    /**
     * Returns a standard exponential draw (rate 1) and advances this stream.
     *
     * @return a draw from Exponential(1), non-negative
     */
    public double nextExponential() {
        return words.nextExponential();
    }

    /**
     * Returns a uniform int in [0, bound) and advances this stream.
     *
     * @param bound the exclusive upper bound, at least 1
     * @return the next int in [0, bound)
     * @throws IllegalArgumentException if {@code bound < 1}
     */
    public int nextInt(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound = " + bound + " must be at least 1");
        }
        return words.nextInt(bound);
    }

    /**
     * Draws an index with probability proportional to {@code probs[i]} by inversion of the cumulative sum.
     *
     * <p>Uses exactly one {@link #nextDouble()} per call, so streams stay aligned across runs. The weights need
     * not sum to 1: they are normalised by their sum, which is the same as inverting the normalised CDF. An
     * entry equal to 0 is never drawn. {@code probs} is not modified.
     *
     * @param probs non-negative finite weights with a positive sum
     * @return an index in [0, probs.length)
     * @throws IllegalArgumentException naming the index and value if an entry is NaN, infinite or negative, or if
     *     the array is empty or sums to 0
     */
    public int categorical(double[] probs) {
        double total = checkedTotal(probs);
        double u = words.nextDouble() * total;
        double cumulative = 0.0;
        int lastPositive = -1;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] > 0.0) {
                cumulative += probs[i];
                lastPositive = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        // u * total can round up to the total itself; the draw then belongs to the last positive entry.
        return lastPositive;
    }

    /**
     * Derives a new, statistically independent stream from this one, advancing this stream.
     *
     * <p>Splitting is deterministic: the same sequence of calls on generators with the same seed yields the same
     * child streams.
     *
     * @return a new generator
     */
    public Rng split() {
        seed = null;   // the split draws words the count does not see
        return new Rng(generator.split(), null);
    }

    /**
     * The generator's 64-bit words, counted. {@code L64X128MixRandom} overrides only {@code nextLong} (and
     * {@code split}), so the draws {@link RandomGenerator}'s default methods derive from these words are the very draws
     * the generator itself would give.
     */
    private static final class CountingWords implements RandomGenerator {
        private final RandomGenerator source;
        private long count;

        CountingWords(RandomGenerator source) {
            this.source = source;
        }

        @Override
        public long nextLong() {
            count++;
            return source.nextLong();
        }
    }

    private static double checkedTotal(double[] probs) {
        double total = Weights.checkedSum(probs, "a categorical draw needs at least one entry");
        if (!(total > 0.0)) {
            throw new IllegalArgumentException("probs sum to 0; at least one entry must be positive");
        }
        if (Double.isInfinite(total)) {
            throw new IllegalArgumentException("probs sum to Infinity; the entries are too large to normalise");
        }
        return total;
    }
}
