package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused scoring's slopes, written without a branch on the logit's sign so that their loop is vectorised, are
 * the branching formulas' to the bit: {@code sigmoid(|l|) = 1 / (1 + e)} and {@code sigmoid(-|l|) = e * (1 / (1 + e))}
 * with {@code e = exp(-|l|)}, chosen by the sign, at ordinary, tiny, subnormal, signed-zero, saturated, infinite
 * and NaN logits.
 */
class BernoulliSlopesTest {

    private static final double[] EDGES = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -1e-310, 1e-17,
        -1e-17, 1e-16, -1e-16, 2.3e-16, 0.5, -0.5, 40, -40, 745, -745, 800, -800, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    private static double branchingSlopeOfZero(double l, double e) {
        double large = 1 / (1 + e);
        return -(l >= 0 ? large : e * large);
    }

    private static double branchingSlopeOfOne(double l, double e) {
        double large = 1 / (1 + e);
        return l <= 0 ? large : e * large;
    }

    private static void assertSlopes(double l) {
        double e = Math.exp(-Math.abs(l));
        assertEquals(Double.doubleToRawLongBits(branchingSlopeOfZero(l, e)),
                Double.doubleToRawLongBits(BernoulliLogitsRows.slopeOfZero(l, e)), "y = 0 at logit " + l);
        assertEquals(Double.doubleToRawLongBits(branchingSlopeOfOne(l, e)),
                Double.doubleToRawLongBits(BernoulliLogitsRows.slopeOfOne(l, e)), "y = 1 at logit " + l);
    }

    @Test
    void branch_free_slopes_are_the_branching_ones_to_the_bit() {
        for (double l : EDGES) {
            assertSlopes(l);
        }
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 100_000; i++) {
            // logits at every scale, both signs
            assertSlopes((random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble(-320, 308)));
            assertSlopes(random.nextDouble(-8, 8));
        }
    }

    @Test
    void both_slopes_in_one_pass_are_each_slopes_to_the_bit() {
        SplittableRandom random = new SplittableRandom(29);
        int size = EDGES.length + 1000;
        double[] logits = new double[size];
        double[] exps = new double[size];
        System.arraycopy(EDGES, 0, logits, 0, EDGES.length);
        for (int i = EDGES.length; i < size; i++) {
            logits[i] = i % 2 == 0 ? random.nextDouble(-8, 8)
                    : (random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble(-320, 308));
        }
        for (int i = 0; i < size; i++) {
            exps[i] = Math.exp(-Math.abs(logits[i]));
            assertEquals(Double.doubleToRawLongBits(BernoulliLogitsRows.factor(exps[i], -logits[i])),
                    Double.doubleToRawLongBits(BernoulliLogitsRows.factorOfNegated(exps[i], logits[i])),
                    "factor of the negated logit " + logits[i]);
        }
        double[] ofZero = new double[size];
        double[] ofOne = new double[size];
        BernoulliLogitsRows.fillBothSlopes(logits, exps, size, ofZero, ofOne);
        for (int i = 0; i < size; i++) {
            assertEquals(Double.doubleToRawLongBits(BernoulliLogitsRows.slopeOfZero(logits[i], exps[i])),
                    Double.doubleToRawLongBits(ofZero[i]), "y = 0 at logit " + logits[i]);
            assertEquals(Double.doubleToRawLongBits(BernoulliLogitsRows.slopeOfOne(logits[i], exps[i])),
                    Double.doubleToRawLongBits(ofOne[i]), "y = 1 at logit " + logits[i]);
        }
    }
}
