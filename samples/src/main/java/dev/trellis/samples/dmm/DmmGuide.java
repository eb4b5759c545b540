package dev.trellis.samples.dmm;

import dev.trellis.dsl.Computed;
import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Network;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * The seed tutorial's guide for {@link Dmm}: an RNN runs once, left to right, over the observed sequence, and each
 * z_t is proposed from z_{t-1} (z_q_0 before the first step) and the RNN's state after x_1..x_t. Its draws of z take
 * the model's {@code annealing} factor.
 */
@Guide(Dmm.class)
@Dim(name = "latent", from = "latentSize")
public class DmmGuide {
    private final DmmNetworks networks;

    public DmmGuide(DmmNetworks networks) {
        this.networks = networks;
    }

    /** The same module as the model's: one set of {@code dmm$$$...} parameters, trained by both. */
    /** {@return the size of the latent state z, the networks' z_0} */
    int latentSize() {
        return networks.z0().size(0);
    }

    @Network(name = "dmm")
    DmmNetworks dmm() {
        return networks;
    }

    /** The RNN's state after each step of the observed sequence {@code x [T, x_dim]}: {@code [T, rnn_dim]}. */
    @Computed
    @Plate("time")
    Tensor rnnOut(Tensor x, DmmNetworks dmm) {
        return dmm.rnn().forward(x.unsqueeze(0), dmm.h0()).output().select(0, 0);
    }

    @Sample
    @Markov(over = "time")
    @Shape(event = "latent")
    Distribution z(@Previous @Nullable Tensor previous, Tensor rnnOut, DmmNetworks dmm) {
        Tensor[] proposal = dmm.combiner().forward(previous == null ? dmm.zq0() : previous, rnnOut);
        return Normal.of(proposal[0], proposal[1]).toEvent(1);
    }
}
