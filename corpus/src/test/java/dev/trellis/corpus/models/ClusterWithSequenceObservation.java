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
 * Corpus #33: each sequence picks a {@code cluster}, observed directly through a Normal {@code length} per
 * sequence and indirectly through its chain {@code x} over {@code time}.
 */
@Model
public class ClusterWithSequenceObservation {
    private final Tensor weights;
    private final Tensor lengthLocs;
    private final double lengthScale;
    private final Tensor initial;
    private final Tensor transitions;
    private final Tensor emission;

    /** Tables: weights [C]; lengthLocs [C]; lengthScale > 0; initial [C, K]; transitions [C, K, K]; emission [K, S]. */
    public ClusterWithSequenceObservation(Tensor weights, Tensor lengthLocs, double lengthScale, Tensor initial,
            Tensor transitions, Tensor emission) {
        this.weights = weights;
        this.lengthLocs = lengthLocs;
        this.lengthScale = lengthScale;
        this.initial = initial;
        this.transitions = transitions;
        this.emission = emission;
    }

    @Sample @Plate("sequences") @Enumerate
    Categorical cluster() {
        return Categorical.of(weights);
    }

    @Sample @Plate("sequences") @Observed
    Normal length(int cluster) {
        return Normal.of(lengthLocs.get(cluster), lengthScale);
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous, int cluster) {
        return previous == null ? Categorical.of(initial.row(cluster))
                : Categorical.of(transitions.select(0, cluster).row(previous));
    }

    @Sample @Plate({"sequences", "time"}) @Observed
    Categorical y(int x) {
        return Categorical.of(emission.row(x));
    }
}
