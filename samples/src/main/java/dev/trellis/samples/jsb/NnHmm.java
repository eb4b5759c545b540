package dev.trellis.samples.jsb;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.IndexedBy;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Network;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Objects;

/**
 * Pyro's examples/hmm.py {@code model_5}, the nnHMM, in the DSL: the hidden chain of {@link Hmm} with its sticky
 * Dirichlet prior, and the notes of each step drawn from the logits of a network ({@link TonesGenerator}) of the
 * hidden state and of the previous step's notes ({@code zeros} before the first step), registered as
 * {@code pyro.module("tones_generator", ...)}. The hidden state is summed out exactly; the observation reads the
 * previous step's whole note vector, so Trellis scores it with batched evidence: the network runs once per block of
 * steps and hidden state, on a matrix of notes. Trellis generates {@link NnHmmProgram} and {@link NnHmmInference}.
 */
@Model
@Dim(name = "states", from = "hiddenStates")
@Dim(name = "tones", from = "toneCount")
public class NnHmm {
    private final TonesGenerator network;

    /** The model whose emissions the given network computes (its parameters are trained in a parameter store). */
    public NnHmm(TonesGenerator network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    /** {@return the number of hidden states, the network's} */
    int hiddenStates() {
        return network.hiddenStates();
    }

    /** {@return the number of tones the network scores} */
    int toneCount() {
        return network.tones();
    }

    /** {@return the network, registered with the program's context on every run} */
    @Network(name = "tones_generator")
    TonesGenerator tones() {
        return network;
    }

    /** {@return each row ~ Dirichlet(0.9 eye + 0.1)} */
    @Sample(name = "probs_x") @Shape(event = "states, states")
    Distribution probsX() {
        return Dirichlet.of(Tensor.eye(network.hiddenStates()).mul(0.9).add(0.1)).toEvent(1);
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate(domain = "states") @Shape
    Categorical x(@Previous(initial = 0) int previous, @Site("probs_x") @IndexedBy("previous") Tensor probsX) {
        return Categorical.of(probsX.select(0, previous));
    }

    /** {@code previous} is a block of steps' previous notes {@code [n, tones]} (one step's in {@code simulate}). */
    @Sample @Plate({"sequences", "time", "tones"}) @Observed @Shape
    Bernoulli y(int x, @Previous(initial = 0) Tensor previous, @Site("tones_generator") TonesGenerator net) {
        return Bernoulli.ofLogits(net.logitRows(x, previous));
    }
}
