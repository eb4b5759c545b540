package dev.trellis.runtime.random;

import java.util.random.RandomGenerator;

/**
 * The LXM generator the JDK calls {@code L64X128MixRandom} (Steele and Vigna, "LXM: better splittable pseudorandom
 * number generators", 2021), written out so that its four words of state can be read and restored: a training
 * checkpoint saves them and a resumed run continues the very same stream. The JDK keeps that state private.
 *
 * <p>Each output mixes the sum of a 64-bit linear congruential generator ({@code s = M s + a}) and the first word of
 * a xoroshiro128 generator ({@code x0, x1}) through Lea's 64-bit mixer. Only {@link #nextLong()} is defined here:
 * {@link RandomGenerator}'s default methods derive doubles, bounded ints, Gaussians (the modified ziggurat) and
 * exponentials from it, exactly as they do for the JDK's class, which overrides none of them; {@code RngTest} checks
 * every stream against the JDK's, bit for bit.
 *
 * <p>Not thread-safe: one instance belongs to one {@link Rng}.
 */
final class L64X128Mix implements RandomGenerator {

    /** The LCG's multiplier, fixed by the algorithm. */
    private static final long MULTIPLIER = 0xd1342543de82ef95L;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final long SILVER_GAMMA = 0x6a09e667f3bcc909L;

    /** The LCG's additive constant, always odd. */
    private final long increment;
    private long lcg;
    private long x0;
    private long x1;

    /** The state as it is; {@code increment} is made odd and an all-zero xoroshiro state is replaced, as the JDK does. */
    L64X128Mix(long increment, long lcg, long x0, long x1) {
        this.increment = increment | 1;
        this.lcg = lcg;
        if ((x0 | x1) == 0) {
            // xoroshiro's state must not be all zero: seed it from the LCG state instead
            x0 = stafford13(lcg + GOLDEN_GAMMA);
            x1 = stafford13(lcg + 2 * GOLDEN_GAMMA);
        }
        this.x0 = x0;
        this.x1 = x1;
    }

    /** The JDK's seeding of {@code L64X128MixRandom(seed)}. */
    static L64X128Mix seeded(long seed) {
        long mixed = seed ^ SILVER_GAMMA;
        return new L64X128Mix(murmur64(mixed), 1, stafford13(mixed), stafford13(mixed + GOLDEN_GAMMA));
    }

    @Override
    public long nextLong() {
        long result = lea64(lcg + x0);
        lcg = MULTIPLIER * lcg + increment;
        long q0 = x0;
        long q1 = x1 ^ q0;
        x0 = Long.rotateLeft(q0, 24) ^ q1 ^ (q1 << 16);
        x1 = Long.rotateLeft(q1, 37);
        return result;
    }

    /**
     * A new generator split off this one, as the JDK's {@code split()}: its additive constant from one output
     * (the "brine", shifted left so the constant differs from the parent's), its three other words from the next
     * three.
     */
    L64X128Mix split() {
        long brine = nextLong();
        return new L64X128Mix(brine << 1, nextLong(), nextLong(), nextLong());
    }

    /** {@return the four words of state: increment, LCG state, x0, x1} */
    long[] state() {
        return new long[] {increment, lcg, x0, x1};
    }

    private static long lea64(long z) {
        z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
        z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
        return z ^ (z >>> 32);
    }

    private static long murmur64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static long stafford13(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
