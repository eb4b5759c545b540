package dev.trellis.runtime.inference;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The exact posterior of a mixture's enumerated site given the values of the global sites: Pyro's
 * {@code infer_discrete} on a model whose assignments are independent across the data plate once the globals are
 * fixed. Each member's posterior is its column of the joint table normalised, so the MAP assignment (temperature 0)
 * is the argmax of each column and an exact joint posterior sample (temperature 1) is one independent categorical
 * draw per member.
 *
 * <p>Immutable; built by a generated program's {@code posterior(globals)} from the table {@link MixtureTables} builds.
 */
public final class MixturePosterior {

    private final String site;
    private final String plate;
    /** {@code logJoint[n][k] = log p(z_n = k) + log p(x_n | z_n = k)}, member-major. */
    private final double[][] logJoint;
    /** {@code log p(x_n)} per member. */
    private final double[] logEvidence;

    private MixturePosterior(String site, String plate, double[][] logJoint) {
        this.site = site;
        this.plate = plate;
        this.logJoint = logJoint;
        this.logEvidence = new double[logJoint.length];
        for (int n = 0; n < logJoint.length; n++) {
            logEvidence[n] = logSumExp(logJoint[n]);
        }
    }

    /**
     * The posterior of a joint table.
     *
     * @param site the enumerated site's name, for messages
     * @param plate the data plate's name, for messages
     * @param logJoint [K, N]: {@code log p(z_n = k) + log p(x_n | z_n = k)}; only its values are read
     * @return the posterior
     * @throws IllegalArgumentException if the table is not [K, N] with K at least 1, or holds NaN or +Infinity
     */
    public static MixturePosterior of(String site, String plate, Tensor logJoint) {
        if (logJoint.rank() != 2 || logJoint.size(0) < 1) {
            throw new IllegalArgumentException("site '" + site + "': a mixture's joint table is [K, N] with K >= 1, "
                    + "got shape " + java.util.Arrays.toString(logJoint.shape()));
        }
        int states = logJoint.size(0);
        int members = logJoint.size(1);
        double[] values = logJoint.toArray();
        double[][] byMember = new double[members][states];
        for (int k = 0; k < states; k++) {
            for (int n = 0; n < members; n++) {
                double v = values[k * members + n];
                if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("site '" + site + "' at " + plate + "[" + n + "]: log joint of "
                            + "value " + k + " is " + v);
                }
                byMember[n][k] = v;
            }
        }
        return new MixturePosterior(site, plate, byMember);
    }

    /** {@return N, the number of members of the data plate} */
    public int numMembers() {
        return logJoint.length;
    }

    /** {@return K, the number of values of the enumerated site} */
    public int numStates() {
        return logJoint.length == 0 ? 0 : logJoint[0].length;
    }

    /** {@return log p(x | globals) = sum over members of log sum_k p(z_n = k) p(x_n | z_n = k); may be -Infinity} */
    public double logMarginal() {
        var sum = new CompensatedSum();
        for (double v : logEvidence) {
            if (v == Double.NEGATIVE_INFINITY) {
                return v;   // the compensation of an infinite term would be NaN
            }
            sum.add(v);
        }
        return sum.value();
    }

    /**
     * {@return {@code [n][k] = P(z_n = k | x_n, globals)}}
     *
     * @throws ImpossibleEvidenceException naming the first member whose data no value of the site can produce
     */
    public double[][] probabilities() {
        double[][] probs = new double[logJoint.length][];
        for (int n = 0; n < logJoint.length; n++) {
            probs[n] = memberProbabilities(n);
        }
        return probs;
    }

    /**
     * {@return the MAP assignment, {@code argmax_k} of each member's posterior (the lowest k on a tie), as
     * {@code infer_discrete(temperature=0)}}
     *
     * @throws ImpossibleEvidenceException naming the first member whose data no value of the site can produce
     */
    public int[] mapAssignment() {
        int[] best = new int[logJoint.length];
        for (int n = 0; n < logJoint.length; n++) {
            requirePossible(n);
            for (int k = 1; k < logJoint[n].length; k++) {
                if (logJoint[n][k] > logJoint[n][best[n]]) {
                    best[n] = k;
                }
            }
        }
        return best;
    }

    /** {@return log p(x, z* | globals) of the MAP assignment z*} */
    public double mapLogJoint() {
        int[] best = mapAssignment();
        var sum = new CompensatedSum();
        for (int n = 0; n < best.length; n++) {
            sum.add(logJoint[n][best[n]]);
        }
        return sum.value();
    }

    /**
     * Draws an assignment from the exact joint posterior, as {@code infer_discrete(temperature=1)}: one categorical
     * draw per member, in member order, each using one {@link Rng#nextDouble()}.
     *
     * @param rng the random stream
     * @return {@code z_n} for every member
     * @throws ImpossibleEvidenceException naming the first member whose data no value of the site can produce
     */
    public int[] sample(Rng rng) {
        int[] draw = new int[logJoint.length];
        for (int n = 0; n < logJoint.length; n++) {
            draw[n] = rng.categorical(memberProbabilities(n));
        }
        return draw;
    }

    private double[] memberProbabilities(int n) {
        requirePossible(n);
        double[] probs = new double[logJoint[n].length];
        for (int k = 0; k < probs.length; k++) {
            // exp of a difference, not a ratio of exps: a posterior of 1e-41 keeps its digits.
            probs[k] = Math.exp(logJoint[n][k] - logEvidence[n]);
        }
        return probs;
    }

    private void requirePossible(int n) {
        if (logEvidence[n] == Double.NEGATIVE_INFINITY) {
            throw new ImpossibleEvidenceException(n, "posterior of site '" + site + "' at " + plate + "[" + n + "]");
        }
    }

    private static double logSumExp(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
