package dev.trellis.samples.jsb;

import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.MemberProgram;
import dev.trellis.runtime.parallel.MemberProgramFactory;
import java.util.List;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * MAP Baum-Welch on the JSB chorales as hmm.py runs it, one {@code svi.step} at a time: an {@code AutoDelta} point
 * estimate of every {@code probs_*} table (hmm2: its {@code pyro.param} tables), Adam on AutoDelta's unconstrained
 * coordinates, and the loss {@code -(log p(y | probs) + log prior(probs))} with the hidden states summed out exactly.
 *
 * <p>{@link #start} trains through the program Trellis generates from the model's DSL class (fast, and able to
 * subsample sequences); {@link MapBaumWelch} is the reference implementation the tests check it against.
 */
public interface JsbTraining {

    /**
     * Takes one step.
     *
     * @return the loss before this step's update, as {@code svi.step} returns it; with a subsampled batch the
     *     likelihood of the batch is scaled by (sequences in the split) / (batch size), as {@code pyro.plate} does
     * @throws dev.trellis.runtime.errors.TrainingStoppedException naming the step, and the parameter when a gradient
     *     or an updated value is not finite; the parameters are then as before the step
     */
    double step();

    /** {@return the current constrained tables, by hmm.py's names, detached} */
    Map<String, Tensor> params();

    /**
     * {@return the runtime's trainer that {@link #step} drives, for a run with listeners and checkpoints; it shares
     * this training's state}
     *
     * @throws UnsupportedOperationException for the reference implementation
     */
    default Trainer trainer() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no trainer");
    }

    /**
     * {@return how many steps have completed (counting those before a resume)}
     *
     * @throws UnsupportedOperationException for the reference implementation, which does not checkpoint
     */
    default int stepsTaken() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not count its steps");
    }

    /**
     * Saves everything the next step depends on (tables, Adam's state, the batches' random stream, the step count),
     * replacing {@code checkpoint} atomically; {@link #resume} continues from it with the bits of an uninterrupted run.
     */
    default void save(Path checkpoint) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not save checkpoints");
    }

    /**
     * {@return what a cluster's executors run: the generated program of {@code model} over some sequences, each
     * {@code [T][tones]}}
     */
    static MemberProgramFactory<double[][]> programs(JsbModel model, int tones) {
        // Asked for only when a cluster loads its partitions, so nnhmm still trains on one machine's threads.
        return sequences -> {
            if (model == JsbModel.NNHMM) {
                throw new IllegalArgumentException("nnhmm trains on one machine: its network's parameters are not "
                        + "among the globals a cluster's blocks are evaluated at");
            }
            return (MemberProgram) JsbPrograms.of(model, sequences, tones, Map.of());
        };
    }

    /** {@return the sequences of a split, the members of the programs' outermost plate} */
    static List<double[][]> sequences(JsbSplit split) {
        return JsbPrograms.sequences(split);
    }

    /**
     * Resumes a training from its last {@link #save checkpoint}: the arguments are those it was started with (the
     * evaluation may differ: threads and clusters give the same bits).
     *
     * @throws IOException if the checkpoint cannot be read
     */
    static JsbTraining resume(Path checkpoint, JsbModel model, JsbSplit train, Map<String, Tensor> init,
            double learningRate, int batchSize, long seed, MemberEvaluation evaluation) throws IOException {
        return ((ProgramTraining) start(model, train, init, learningRate, batchSize, seed, evaluation)).resume(checkpoint);
    }

    /**
     * Starts training.
     *
     * @param model the model
     * @param train the sequences to train on
     * @param init one constrained table per {@link JsbModel#parameters parameter} (see {@link JsbInit})
     * @param learningRate Adam's learning rate
     * @param batchSize sequences per step; at least the split's size means the whole split every step
     * @param seed seeds the choice of each step's batch
     * @return a trainer at step 0
     * @throws IllegalArgumentException for a bad table or a batch size below 1
     */
    static JsbTraining start(JsbModel model, JsbSplit train, Map<String, Tensor> init, double learningRate,
            int batchSize, long seed) {
        return start(model, train, init, learningRate, batchSize, seed, MemberEvaluation.whole());
    }

    /**
     * Starts training with the sequences of each step evaluated by {@code evaluation} (threads, or a cluster): the
     * trajectory is the same, bit for bit, for every evaluation of the same block size.
     *
     * @param evaluation where the program evaluates its sequences
     * @see #start(JsbModel, JsbSplit, Map, double, int, long)
     */
    static JsbTraining start(JsbModel model, JsbSplit train, Map<String, Tensor> init, double learningRate,
            int batchSize, long seed, MemberEvaluation evaluation) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        }
        JsbParameterChecks.require(model, init, train.numTones());
        return new ProgramTraining(model, train, init, learningRate, batchSize, seed, evaluation);
    }
}
