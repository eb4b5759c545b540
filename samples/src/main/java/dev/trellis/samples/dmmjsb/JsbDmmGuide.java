package dev.trellis.samples.dmmjsb;

import dev.trellis.dsl.Computed;
import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Network;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.svi.Sequences;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Pyro's examples/dmm.py guide: the RNN runs right to left over each sequence from its own last step (dmm.py's
 * reversed, packed mini-batch), and z_t is proposed from z_{t-1} (z_q_0 before the first step) and the RNN's state
 * after reading x_T, ..., x_t.
 */
@Guide(JsbDmm.class)
@Dim(name = "latent", from = "latentSize")
public class JsbDmmGuide {
    private final JsbDmmNetworks networks;

    public JsbDmmGuide(JsbDmmNetworks networks) {
        this.networks = networks;
    }

    /** {@return the size of the latent state z, the networks' z_0} */
    int latentSize() {
        return networks.z0().size(0);
    }

    @Network(name = "dmm")
    JsbDmmNetworks dmm() {
        return networks;
    }

    /**
     * The RNN's state at every step of every sequence, {@code [B, T, rnn_dim]}: run over each sequence from its own
     * last step back to its first, so that step t's state has read x_{L-1}, ..., x_t (dmm.py reverses the padded
     * mini-batch, runs the RNN and reverses its output back, {@code pad_and_reverse}; {@code forwardReversed} is
     * the same in one pass).
     */
    @Computed
    @Plate({"sequences", "time"})
    Tensor rnnOut(@Site("obs_x") Sequences x, JsbDmmNetworks dmm) {
        Tensor h0 = dmm.h0().expand(1, x.size(), dmm.h0().size(2));
        return dmm.rnn().forwardReversed(x.values(), h0, x.lengths()).output();
    }

    @Sample
    @Plate("sequences")
    @Markov(over = "time")
    @Shape(event = "latent")
    Distribution z(@Previous @Nullable Tensor previous, Tensor rnnOut, JsbDmmNetworks dmm) {
        Tensor[] proposal = dmm.combiner().forward(previous == null ? dmm.zq0() : previous, rnnOut);
        return Normal.of(proposal[0], proposal[1]).toEvent(1);
    }
}
