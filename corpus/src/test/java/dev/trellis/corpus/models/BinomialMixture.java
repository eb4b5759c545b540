package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Binomial;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #28: a mixture of binomials with a fixed number of trials; one component {@code z} per datum. */
@Model
public class BinomialMixture {
    private final Tensor weights;
    private final Tensor successProbabilities;
    private final int trials;

    /** Tables: weights, successProbabilities [K]; trials >= 0, the same for every datum. */
    public BinomialMixture(Tensor weights, Tensor successProbabilities, int trials) {
        this.weights = weights;
        this.successProbabilities = successProbabilities;
        this.trials = trials;
    }

    @Sample @Plate("data") @Enumerate
    Categorical z() {
        return Categorical.of(weights);
    }

    @Sample @Plate("data") @Observed
    Binomial count(int z) {
        return Binomial.of(trials, successProbabilities.get(z));
    }
}
