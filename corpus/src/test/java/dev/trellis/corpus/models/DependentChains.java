package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #6: chains {@code w} and {@code x} over {@code time}, {@code x} reading {@code w}'s current value. */
@Model
public class DependentChains {
    private final Tensor initialW;
    private final Tensor transitionW;
    private final Tensor initialX;
    private final Tensor transitionX;
    private final Tensor emission;

    /**
     * Tables: initialW [Kw]; transitionW [Kw, Kw]; initialX [Kw, Kx]; transitionX [Kw, Kx, Kx];
     * emission [Kw, Kx, S].
     */
    public DependentChains(Tensor initialW, Tensor transitionW, Tensor initialX, Tensor transitionX, Tensor emission) {
        this.initialW = initialW;
        this.transitionW = transitionW;
        this.initialX = initialX;
        this.transitionX = transitionX;
        this.emission = emission;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical w(@Previous Integer previous) {
        return previous == null ? Categorical.of(initialW) : Categorical.of(transitionW.row(previous));
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous, int w) {
        return previous == null ? Categorical.of(initialX.row(w))
                : Categorical.of(transitionX.select(0, w).row(previous));
    }

    @Sample @Plate("time") @Observed
    Categorical y(int w, int x) {
        return Categorical.of(emission.select(0, w).row(x));
    }
}
