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

/** Corpus #24: songs of voices; each voice picks a {@code style} that drives its chain {@code x} over {@code time}. */
@Model
public class VoicesInSongs {
    private final Tensor stylePrior;
    private final Tensor initial;
    private final Tensor transitions;
    private final Tensor emission;

    /** Tables: stylePrior [C]; initial [C, K]; transitions [C, K, K]; emission [K, S]. */
    public VoicesInSongs(Tensor stylePrior, Tensor initial, Tensor transitions, Tensor emission) {
        this.stylePrior = stylePrior;
        this.initial = initial;
        this.transitions = transitions;
        this.emission = emission;
    }

    @Sample @Plate({"songs", "voices"}) @Enumerate
    Categorical style() {
        return Categorical.of(stylePrior);
    }

    @Sample @Plate({"songs", "voices"}) @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous, int style) {
        return previous == null ? Categorical.of(initial.row(style))
                : Categorical.of(transitions.select(0, style).row(previous));
    }

    @Sample @Plate({"songs", "voices", "time"}) @Observed
    Categorical y(int x) {
        return Categorical.of(emission.row(x));
    }
}
