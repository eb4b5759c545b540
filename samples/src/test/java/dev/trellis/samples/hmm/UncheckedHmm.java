package dev.trellis.samples.hmm;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;

/**
 * An HMM that checks nothing itself, as a careless user would write it: the tests use it to show
 * that the generated code alone catches mismatched and invalid tables.
 */
@Model
class UncheckedHmm {
    final double[] initial;
    final double[][] transition;
    final double[][] emission;

    UncheckedHmm(double[] initial, double[][] transition, double[][] emission) {
        this.initial = initial;
        this.transition = transition;
        this.emission = emission;
    }

    @Sample
    @Markov(over = "time")
    @Enumerate
    Categorical state(@Previous Integer previous) {
        return Categorical.ofProbs(previous == null ? initial : transition[previous]);
    }

    @Sample
    @Plate("time")
    @Observed
    Categorical symbol(int state) {
        return Categorical.ofProbs(emission[state]);
    }
}
