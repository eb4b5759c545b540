package dev.trellis.runtime.nn.dmmjsb;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Parameter;
import dev.trellis.runtime.nn.Rnn;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Pyro's examples/dmm.py {@code DMM} on a mini-batch of JSB chorales, as a hand-written program pair: sequences of
 * different lengths share one padded batch, every site is masked past each sequence's length, and the guide's RNN
 * runs right to left over each sequence from its own last step (torch's packed, reversed sequences; here the
 * recurrent layer's ragged lengths on the reversed batch).
 */
final class DeepMarkovModel extends Module {

    private final Emitter emitter;
    private final GatedTransition trans;
    private final Combiner combiner;
    private final Rnn rnn;
    private final Parameter z0;
    private final Parameter zq0;
    private final Parameter h0;

    DeepMarkovModel(int inputDim, int zDim, int emissionDim, int transitionDim, int rnnDim, Rng rng) {
        emitter = addModule("emitter", new Emitter(inputDim, zDim, emissionDim, rng));
        trans = addModule("trans", new GatedTransition(zDim, transitionDim, rng));
        combiner = addModule("combiner", new Combiner(zDim, rnnDim, rng));
        rnn = addModule("rnn", new Rnn(inputDim, rnnDim, Rnn.Nonlinearity.RELU, true, rng));
        z0 = addParameter("z_0", Tensor.zeros(zDim));
        zq0 = addParameter("z_q_0", Tensor.zeros(zDim));
        h0 = addParameter("h_0", Tensor.zeros(1, 1, rnnDim));
    }

    /** A padded mini-batch: {@code notes [B, T, 88]} zero past each length, and the lengths. */
    record MiniBatch(Tensor notes, int[] lengths) {
        int size() {
            return lengths.length;
        }

        int steps() {
            return notes.size(1);
        }

        /** {@return the mask of step t (0-based) for every sequence, {@code [B]}} */
        Tensor mask(int t) {
            boolean[] on = new boolean[lengths.length];
            for (int b = 0; b < on.length; b++) {
                on[b] = t < lengths[b];
            }
            return Tensor.mask(on, on.length);
        }
    }

    Program model(MiniBatch batch, double annealing) {
        return context -> {
            DeepMarkovModel dmm = context.module("dmm", this);
            Plate plate = context.plate("z_minibatch", batch.size(), -1);
            Tensor zPrevious = dmm.z0.value().expand(batch.size(), dmm.z0.shape()[0]);
            for (int t = 1; t <= batch.steps(); t++) {
                Tensor mask = batch.mask(t - 1);
                Tensor[] transition = dmm.trans.forward(zPrevious);
                Tensor z = context.sample("z_" + t, Normal.of(transition[0], transition[1]).toEvent(1),
                        new SiteOptions(annealing, mask), plate);
                context.observe("obs_x_" + t, Bernoulli.of(dmm.emitter.forward(z)).toEvent(1),
                        batch.notes().select(1, t - 1), SiteOptions.masked(mask), plate);
                zPrevious = z;
            }
        };
    }

    Program guide(MiniBatch batch, double annealing) {
        return context -> {
            DeepMarkovModel dmm = context.module("dmm", this);
            Plate plate = context.plate("z_minibatch", batch.size(), -1);
            int size = batch.size();
            int steps = batch.steps();
            Tensor h0Batch = dmm.h0.value().expand(1, size, dmm.h0.shape()[2]);
            Tensor reversed = batch.notes().reshape(size * steps, -1).index(0, reversedRows(batch))
                    .reshape(size, steps, -1);
            Tensor states = dmm.rnn.forward(reversed, h0Batch, batch.lengths()).output();
            // back to time order: the state at t has consumed x_{L-1}, ..., x_t; zero past the length
            Tensor rnnOutput = states.reshape(size * steps, -1).index(0, reversedRows(batch)).reshape(size, steps, -1);
            Tensor zPrevious = dmm.zq0.value().expand(size, dmm.zq0.shape()[0]);
            for (int t = 1; t <= steps; t++) {
                Tensor[] proposal = dmm.combiner.forward(zPrevious, rnnOutput.select(1, t - 1));
                zPrevious = context.sample("z_" + t, Normal.of(proposal[0], proposal[1]).toEvent(1),
                        new SiteOptions(annealing, batch.mask(t - 1)), plate);
            }
        };
    }

    /** Row {@code b T + t} of the batch-major layout goes to {@code b T + (L_b - 1 - t)} within each length. */
    private static int[] reversedRows(MiniBatch batch) {
        int steps = batch.steps();
        int[] rows = new int[batch.size() * steps];
        for (int b = 0; b < batch.size(); b++) {
            int length = batch.lengths()[b];
            for (int t = 0; t < steps; t++) {
                rows[b * steps + t] = b * steps + (t < length ? length - 1 - t : t);
            }
        }
        return rows;
    }
}
