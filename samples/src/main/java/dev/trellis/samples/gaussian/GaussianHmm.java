package dev.trellis.samples.gaussian;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.IndexedBy;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.LogNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * A hidden Markov model with Normal emissions, the rain/sun post's first "next step": K hidden states, the first drawn
 * from {@code probs_init}, each later one from the transition row of the state before; at each step one real reading,
 * Normal around its state's mean with its state's scale. Every table is a global latent site with a prior, so SVI with
 * an {@code AutoDelta} guide fits them by MAP with the states summed out exactly.
 *
 * <pre>
 * probs_init ~ Dirichlet(2, ..., 2)
 * probs_x[i] ~ Dirichlet(1 + 4 eye[i])          (sticky rows)
 * locs[k] ~ Normal(0, 10),  scales[k] ~ LogNormal(0, 1)
 * x_0 ~ Categorical(probs_init),  x_t ~ Categorical(probs_x[x_(t-1)])
 * y_t ~ Normal(locs[x_t], scales[x_t])
 * </pre>
 *
 * <p>Concentrations of at least 1 keep the MAP inside the simplex (a Dirichlet below 1 has infinite density on its
 * boundary), and the LogNormal prior on the scales keeps a state from collapsing onto a single reading, where the
 * likelihood alone is unbounded. Trellis generates {@link GaussianHmmInference} (the queries at given tables) and
 * {@link GaussianHmmProgram} (the SVI program) from these declarations.
 */
@Model
@Dim(name = "states", from = "states")
public class GaussianHmm {
    /** Prior concentration of the initial distribution: mild, since one series shows a single first state. */
    static final double INIT_CONCENTRATION = 2.0;
    /** Prior concentration of a transition row: 1 everywhere plus this on the "stay" entry. */
    static final double STAY_CONCENTRATION = 4.0;
    /** The prior's spread of the state means. */
    static final double LOC_SCALE = 10.0;

    private final int states;

    /** The model with {@code states} hidden states. */
    public GaussianHmm(int states) {
        if (states < 1) {
            throw new IllegalArgumentException("an HMM needs at least one state, got " + states);
        }
        this.states = states;
    }

    /** {@return K, the number of hidden states} */
    public int states() {
        return states;
    }

    @Sample(name = "probs_init") @Shape(event = "states")
    Dirichlet probsInit() {
        return Dirichlet.of(Tensor.full(INIT_CONCENTRATION, states));
    }

    /** {@return each row ~ Dirichlet(1 + 4 eye[i])} */
    @Sample(name = "probs_x") @Shape(event = "states, states")
    Distribution probsX() {
        return Dirichlet.of(Tensor.eye(states).mul(STAY_CONCENTRATION).add(1.0)).toEvent(1);
    }

    @Sample @Shape(event = "states")
    Distribution locs() {
        return Normal.of(0.0, LOC_SCALE).expand(states).toEvent(1);
    }

    @Sample @Shape(event = "states")
    Distribution scales() {
        return LogNormal.of(0.0, 1.0).expand(states).toEvent(1);
    }

    @Sample @Markov(over = "time") @Enumerate(domain = "states") @Shape
    Categorical x(@Previous @Nullable Integer previous, @Site("probs_init") @Shape("states") Tensor probsInit,
            @Site("probs_x") @IndexedBy("previous") Tensor probsX) {
        return Categorical.of(previous == null ? probsInit : probsX.select(0, previous));
    }

    @Sample @Plate("time") @Observed @Shape
    Normal y(int x, @IndexedBy("x") Tensor locs, @IndexedBy("x") Tensor scales) {
        return Normal.of(locs.select(0, x), scales.select(0, x));
    }
}
