package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Corpus #25: a chain {@code x} over {@code time} with its observations, plus an observed {@code offset} in no plate
 * that reads no enumerated site (a factor with an empty scope, which the likelihood still includes).
 */
@Model
public class ChainWithConstantObservation {
    private final Tensor initial;
    private final Tensor transition;
    private final Tensor emission;
    private final double offsetLoc;
    private final double offsetScale;

    /** Tables: initial [K]; transition [K, K]; emission [K, S]; the offset's loc and scale. */
    public ChainWithConstantObservation(Tensor initial, Tensor transition, Tensor emission, double offsetLoc,
            double offsetScale) {
        this.initial = initial;
        this.transition = transition;
        this.emission = emission;
        this.offsetLoc = offsetLoc;
        this.offsetScale = offsetScale;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample @Plate("time") @Observed
    Categorical y(int x) {
        return Categorical.of(emission.row(x));
    }

    @Sample @Observed
    Normal offset() {
        return Normal.of(offsetLoc, offsetScale);
    }
}
