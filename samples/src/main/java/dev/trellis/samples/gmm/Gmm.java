package dev.trellis.samples.gmm;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.IndexedBy;
import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.LogNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The Gaussian mixture of Pyro's GMM tutorial in the DSL: K components with mixture weights, one shared scale and a
 * location each; every datum picks a component (its assignment, summed out exactly) and is Normal around that
 * component's location.
 *
 * <pre>
 * weights ~ Dirichlet(0.5, ..., 0.5)
 * scale ~ LogNormal(0, 2)
 * for each component k (plate components):  locs_k ~ Normal(0, 10)
 * for each datum n (plate data):  assignment_n ~ Categorical(weights);  obs_n ~ Normal(locs[assignment_n], scale)
 * </pre>
 *
 * <p>Trellis generates {@link GmmProgram} from these declarations: an SVI program whose run adds
 * {@code log p(obs | weights, scale, locs)} with the assignments summed out, and whose {@code inference(globals)}
 * gives the MAP assignment ({@code viterbi}), the posterior assignment probabilities ({@code marginals}) and exact
 * posterior samples ({@code samplePosterior}).
 */
@Model
@Dim(name = "components", from = "components")
public class Gmm {
    /** The tutorial's number of components. */
    public static final int TUTORIAL_COMPONENTS = 2;

    private final int components;

    /** The mixture of {@code components} Gaussians (the plate {@code components} has the same size). */
    public Gmm(int components) {
        if (components < 1) {
            throw new IllegalArgumentException("a mixture needs at least one component, got " + components);
        }
        this.components = components;
    }

    /** {@return the number of components, K} */
    public int components() {
        return components;
    }

    @Sample @Shape(event = "components")
    Dirichlet weights() {
        return Dirichlet.of(Tensor.full(0.5, components));
    }

    @Sample @Shape
    LogNormal scale() {
        return LogNormal.of(0.0, 2.0);
    }

    @Sample @Plate("components") @Shape
    Normal locs() {
        return Normal.of(0.0, 10.0);
    }

    /** Torch's Categorical divides the weights by their sum; so does {@code Categorical.of}, inside the graph. */
    @Sample @Plate("data") @Enumerate(domain = "components")
    Categorical assignment(Tensor weights) {
        return Categorical.of(weights);
    }

    @Sample @Plate("data") @Observed
    Normal obs(int assignment, @IndexedBy("assignment") Tensor locs, Tensor scale) {
        return Normal.of(locs.select(0, assignment), scale);
    }
}
