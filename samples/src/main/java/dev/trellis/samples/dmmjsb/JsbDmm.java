package dev.trellis.samples.dmmjsb;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Network;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Scale;
import dev.trellis.dsl.Shape;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Pyro's examples/dmm.py model on polyphonic music: per sequence of a mini-batch, a latent chain
 * z_t ~ Normal(trans(z_{t-1})) from a learned z_0 (KL-annealed by the factor {@code annealing}), and at each step the
 * 88 notes x_t ~ Bernoulli(emitter(z_t)) (site {@code obs_x}, as dmm.py names it).
 *
 * <p>The data are the mini-batch's chorales, one tensor {@code [T_s, 88]} each, without padding:
 * <pre>{@code
 * var model = new JsbDmmProgram(new JsbDmm(networks), chorales);     // List<Tensor>
 * var guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
 * model.setScale("annealing", annealingFactor);
 * }</pre>
 * Each step t is one site {@code z_t} (and {@code obs_x_t}) batched over the sequences, masked for those shorter than
 * t: dmm.py's ragged mini-batches, whose log-likelihood masks padded steps.
 */
@Model
@Dim(name = "latent", from = "latentSize")
@Dim(name = "notes", from = "notes")
public class JsbDmm {
    private final JsbDmmNetworks networks;

    public JsbDmm(JsbDmmNetworks networks) {
        this.networks = networks;
    }

    /** {@return the size of the latent state z, the networks' z_0} */
    int latentSize() {
        return networks.z0().size(0);
    }

    /** {@return the number of notes of a time step, the RNN's input} */
    int notes() {
        return networks.rnn().inputSize();
    }

    @Network(name = "dmm")
    JsbDmmNetworks dmm() {
        return networks;
    }

    /** z_t given z_{t-1} for every sequence of the batch ({@code [B, z_dim]}); z_0 before the first step. */
    @Sample
    @Plate("sequences")
    @Markov(over = "time")
    @Scale("annealing")
    @Shape(event = "latent")
    Distribution z(@Previous @Nullable Tensor previous, JsbDmmNetworks dmm) {
        Tensor[] next = dmm.trans().forward(previous == null ? dmm.z0() : previous);
        return Normal.of(next[0], next[1]).toEvent(1);
    }

    @Sample(name = "obs_x")
    @Plate({"sequences", "time"})
    @Observed
    @Shape(event = "notes")
    Distribution x(@Shape("sequences, latent") Tensor z, JsbDmmNetworks dmm) {
        return Bernoulli.of(dmm.emitter().forward(z)).toEvent(1);
    }
}
