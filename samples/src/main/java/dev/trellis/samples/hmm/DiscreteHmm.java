package dev.trellis.samples.hmm;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Objects;

/**
 * A hidden Markov model with any number of hidden states and observed symbols:
 * {@code state_0 ~ Categorical(initial)}, {@code state_t ~ Categorical(transition[state_{t-1}])},
 * {@code symbol_t ~ Categorical(emission[state_t])} at every step. Trellis generates
 * {@link DiscreteHmmInference} from it.
 */
@Model
@Dim(name = "states", from = "states")
@Dim(name = "symbols", from = "symbols")
public class DiscreteHmm {
    @Shape("states") private final Tensor initial;
    @Shape("states, states") private final Tensor transition;
    @Shape("states, symbols") private final Tensor emission;

    /**
     * @param initial K probabilities of the first state
     * @param transition K x K, row i the distribution of the next state after state i
     * @param emission K x S, row k the distribution of the symbol seen in state k
     * @throws IllegalArgumentException if the shapes do not fit together; the message names the
     *     table and both sizes (the probabilities themselves are checked by {@link Categorical})
     */
    public DiscreteHmm(Tensor initial, Tensor transition, Tensor emission) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.transition = Objects.requireNonNull(transition, "transition");
        this.emission = Objects.requireNonNull(emission, "emission");
        if (initial.rank() != 1) {
            throw new IllegalArgumentException("pi must be a vector, got shape " + shape(initial));
        }
        int states = initial.size(0);
        if (transition.rank() != 2 || transition.size(0) != states || transition.size(1) != states) {
            throw new IllegalArgumentException("A must be " + states + " x " + states + " to match pi's " + states
                    + " states, got shape " + shape(transition));
        }
        if (emission.rank() != 2 || emission.size(0) != states) {
            throw new IllegalArgumentException("B must have one row per state (" + states + "), got shape " + shape(emission));
        }
    }

    /** {@return the number of hidden states, the length of pi} */
    int states() {
        return initial.size(0);
    }

    /** {@return the number of symbols, the columns of B} */
    int symbols() {
        return emission.size(1);
    }

    @Sample
    @Markov(over = "time")
    @Enumerate(domain = "states")
    @Shape
    Categorical state(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample
    @Plate("time")
    @Observed
    @Shape
    Categorical symbol(int state) {
        return Categorical.of(emission.row(state));
    }

    private static String shape(Tensor t) {
        return java.util.Arrays.toString(t.shape());
    }
}
