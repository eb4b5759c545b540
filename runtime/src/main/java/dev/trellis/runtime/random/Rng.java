package dev.trellis.runtime.random;

import java.util.Objects;

/**
 * A seeded random number generator whose stream is the same on every run and every platform.
 *
 * <p>It wraps the JDK's {@code L64X128MixRandom}, an LXM generator whose algorithm is fixed by its name
 * (unlike {@link java.util.Random}'s successors chosen by {@code RandomGenerator.getDefault()}), so a seed
 * written in a test or an experiment log reproduces the same draws on any Java 17+ VM. It is splittable:
 * {@link #split()} derives an independent stream, which is how parallel work (one stream per sequence) stays
 * reproducible regardless of the thread count.
 *
 * <p>Its position in the stream is four words, {@link #state()}, which {@link #fromState(State)} restores: a training
 * checkpoint saves it so that a resumed run draws exactly what the uninterrupted run would have drawn.
 *
 * <p>Not thread-safe: give each thread its own {@code split()} stream.
 */
public final class Rng {

    /** The algorithm name; part of the reproducibility promise, so never change it silently. */
    public static final String ALGORITHM = "L64X128MixRandom";

    private final L64X128Mix generator;

    private Rng(L64X128Mix generator) {
        this.generator = generator;
    }

    /**
     * A position in the stream: the generator's four words of state (the LCG's additive constant and state, and the
     * xoroshiro128 pair), enough to continue the stream exactly.
     *
     * @param increment the LCG's additive constant (odd)
     * @param lcg the LCG's state
     * @param x0 the first xoroshiro128 word
     * @param x1 the second xoroshiro128 word
     */
    public record State(long increment, long lcg, long x0, long x1) {}

    /**
     * Creates a generator whose whole stream is determined by {@code seed}.
     *
     * @param seed any long; equal seeds give equal streams
     * @return a new generator
     */
    public static Rng seeded(long seed) {
        return new Rng(L64X128Mix.seeded(seed));
    }

    /**
     * Continues a stream from a position {@link #state()} returned.
     *
     * @param state the position
     * @return a generator whose draws are those the saved one would have made next
     */
    public static Rng fromState(State state) {
        Objects.requireNonNull(state, "state");
        return new Rng(new L64X128Mix(state.increment(), state.lcg(), state.x0(), state.x1()));
    }

    /** {@return this stream's current position; drawing does not change a returned state} */
    public State state() {
        long[] words = generator.state();
        return new State(words[0], words[1], words[2], words[3]);
    }

    /**
     * Returns a uniform double in [0, 1) and advances this stream by one draw.
     *
     * @return the next double, a multiple of 2^-53
     */
    public double nextDouble() {
        return generator.nextDouble();
    }

    /**
     * Returns a standard normal draw and advances this stream. The JDK's algorithm for it (a modified ziggurat) is
     * part of {@code RandomGenerator}'s specification, so the draws are as reproducible as {@link #nextDouble()}.
     *
     * @return a draw from Normal(0, 1)
     */
    public double nextGaussian() {
        return generator.nextGaussian();
    }

    /**
     * Returns a standard exponential draw (rate 1) and advances this stream.
     *
     * @return a draw from Exponential(1), non-negative
     */
    public double nextExponential() {
        return generator.nextExponential();
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
        return generator.nextInt(bound);
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
        double u = generator.nextDouble() * total;
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
        return new Rng(generator.split());
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
