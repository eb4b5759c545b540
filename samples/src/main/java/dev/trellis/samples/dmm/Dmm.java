package dev.trellis.samples.dmm;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Network;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Scale;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * The seed tutorial's Deep Markov Model: a continuous latent chain z_t ~ Normal(trans(z_{t-1})) from a learned z_0,
 * each step emitting x_t ~ Normal(emitter(z_t), obs_scale), over one sequence {@code x [T, x_dim]}. The chain's sites
 * are scaled by the factor {@code annealing} (KL annealing; 1 unless set on the program).
 *
 * <pre>{@code
 * var model = new DmmProgram(new Dmm(networks), x);               // one sequence: plate "time" has T steps
 * var guide = new DmmGuideProgram(new DmmGuide(networks), model);
 * model.setScale("annealing", 0.3);
 * }</pre>
 */
@Model
@Dim(name = "latent", from = "latentSize")
@Dim(name = "observed", from = "observedSize")
public class Dmm {
    private final DmmNetworks networks;

    public Dmm(DmmNetworks networks) {
        this.networks = networks;
    }

    /** {@code pyro.module("dmm", dmm)}: the model trains the transition, the emitter and z_0. */
    /** {@return the size of the latent state z, the networks' z_0} */
    int latentSize() {
        return networks.z0().size(0);
    }

    /** {@return the size of an observation x, the RNN's input} */
    int observedSize() {
        return networks.rnn().inputSize();
    }

    @Network(name = "dmm")
    DmmNetworks dmm() {
        return networks;
    }

    @Param(name = "obs_scale", constraint = "positive") @Shape("")
    Tensor obsScale() {
        return Tensor.scalar(1.0);
    }

    /** z_t given z_{t-1}; before the first step the chain starts from z_0. */
    @Sample
    @Markov(over = "time")
    @Shape(event = "latent")
    @Scale("annealing")
    Distribution z(@Previous @Nullable Tensor previous, DmmNetworks dmm) {
        Tensor[] next = dmm.trans().forward(previous == null ? dmm.z0() : previous);
        return Normal.of(next[0], next[1]).toEvent(1);
    }

    @Sample
    @Plate("time")
    @Observed
    @Shape(event = "observed")
    Distribution x(@Shape("latent") Tensor z, DmmNetworks dmm, @Site("obs_scale") @Shape("") Tensor obsScale) {
        Tensor loc = dmm.emitter().forward(z);
        return Normal.of(loc, obsScale.expand(loc.shape())).toEvent(1);
    }
}
