package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #10: the sprinkler network, no plates: cloudy drives sprinkler and rain, which wet the grass. */
@Model
public class Sprinkler {
    private final Tensor cloudyPrior;
    private final Tensor sprinklerTable;
    private final Tensor rainTable;
    private final Tensor wetProbability;

    /** Tables: cloudyPrior [2]; sprinklerTable, rainTable [2, 2] (row = cloudy); wetProbability [2, 2]. */
    public Sprinkler(Tensor cloudyPrior, Tensor sprinklerTable, Tensor rainTable, Tensor wetProbability) {
        this.cloudyPrior = cloudyPrior;
        this.sprinklerTable = sprinklerTable;
        this.rainTable = rainTable;
        this.wetProbability = wetProbability;
    }

    @Sample @Enumerate
    Categorical cloudy() {
        return Categorical.of(cloudyPrior);
    }

    @Sample @Enumerate
    Categorical sprinkler(int cloudy) {
        return Categorical.of(sprinklerTable.row(cloudy));
    }

    @Sample @Enumerate
    Categorical rain(int cloudy) {
        return Categorical.of(rainTable.row(cloudy));
    }

    @Sample @Observed
    Bernoulli wet(int sprinkler, int rain) {
        return Bernoulli.of(wetProbability.get(sprinkler, rain));
    }
}
