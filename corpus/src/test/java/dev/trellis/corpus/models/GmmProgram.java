package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
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
 * Corpus #35: Pyro's GMM tutorial as a program: global {@code weights}, {@code scale} and {@code locs} (one per
 * member of plate {@code components}), an enumerated {@code assignment} and a Normal observation per datum.
 */
@Model
public class GmmProgram {
    private final int components;

    /** The mixture of {@code components} Gaussians. */
    public GmmProgram(int components) {
        this.components = components;
    }

    @Sample
    Dirichlet weights() {
        return Dirichlet.of(Tensor.full(0.5, components));
    }

    @Sample
    LogNormal scale() {
        return LogNormal.of(0.0, 2.0);
    }

    @Sample @Plate("components")
    Normal locs() {
        return Normal.of(0.0, 10.0);
    }

    @Sample @Plate("data") @Enumerate
    Categorical assignment(Tensor weights) {
        return Categorical.of(weights);
    }

    @Sample @Plate("data") @Observed
    Normal obs(int assignment, Tensor locs, Tensor scale) {
        return Normal.of(locs.select(0, assignment), scale);
    }
}
