package dev.trellis.corpus;

import dev.trellis.corpus.models.ChainUnderGlobalSwitch;
import dev.trellis.corpus.oracle.JointTable;
import dev.trellis.runtime.random.Rng;

/**
 * {@link OracleBackedSwitchInference} with one small mistake in every query, each of a kind a real engine could make:
 * the harness must reject all of them.
 */
public class BrokenSwitchInference extends OracleBackedSwitchInference {
    private double[] withoutLastMode;   // for the one simulation size the harness uses

    public BrokenSwitchInference(ChainUnderGlobalSwitch model) {
        super(model);
    }

    /** Off by 1e-6: a dropped term of that size. */
    @Override
    public double logLikelihood(int[] y) {
        return super.logLikelihood(y) + 1e-6;
    }

    /** 1e-7 of probability moved between the states of the first step. */
    @Override
    public Marginals marginals(int[] y) {
        Marginals right = super.marginals(y);
        double[][] x = right.x();
        x[0][0] += 1e-7;
        x[0][1] -= 1e-7;
        return new Marginals(right.mode(), x);
    }

    /** The runner-up assignment (a tie-breaking or off-by-one bug). */
    @Override
    public MapAssignment viterbi(int[] y) {
        JointTable table = posterior(y);
        int best = table.mapCode();
        int second = best == 0 ? 1 : 0;
        for (int code = 0; code < table.states(); code++) {
            if (code != best && table.logJoint(code) > table.logJoint(second)) {
                second = code;
            }
        }
        return mapAssignment(table, second);
    }

    /** Draws from the prior instead of the posterior (evidence left out of the backward pass). */
    @Override
    public Assignment samplePosterior(int[] y, Rng rng) {
        return assignment(prior(y.length), rng);
    }

    /** Never simulates the last mode. */
    @Override
    public Simulation simulate(int time, Rng rng) {
        JointTable table = outcomes(time);
        if (withoutLastMode == null) {
            withoutLastMode = table.probabilities();
            int modes = table.marginal("mode")[0].length;
            for (int code = 0; code < withoutLastMode.length; code++) {
                if (table.assignment(code).get("mode")[0] == modes - 1) {
                    withoutLastMode[code] = 0;
                }
            }
        }
        return simulation(table, rng.categorical(withoutLastMode));
    }
}
