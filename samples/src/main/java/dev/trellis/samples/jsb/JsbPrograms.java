package dev.trellis.samples.jsb;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.inference.ChainPosterior;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The programs Trellis generates from the DSL models of hmm.py's five HMMs ({@link Hmm}, {@link Arhmm}, {@link Fhmm},
 * {@link Pfhmm}, {@link Hmm2}), conditioned on one split, with hmm.py's sizes: 16 hidden states (the factorial models:
 * two chains of 4).
 */
final class JsbPrograms {
    /** hmm.py's default {@code hidden_dim}. */
    static final int HIDDEN = 16;
    /** The states of each chain of the factorial models: the square root of hidden_dim. */
    static final int FACTOR = 4;

    private JsbPrograms() {}

    /** {@return the generated program of {@code model} on the sequences of {@code split}} */
    static Program of(JsbModel model, JsbSplit split) {
        List<double[][]> sequences = sequences(split);
        int tones = split.numTones();
        return switch (model) {
            case HMM -> new HmmProgram(new Hmm(HIDDEN, tones), sequences);
            case ARHMM -> new ArhmmProgram(new Arhmm(HIDDEN, tones), sequences);
            case FHMM -> new FhmmProgram(new Fhmm(FACTOR, tones), sequences);
            case PFHMM -> new PfhmmProgram(new Pfhmm(FACTOR, tones), sequences);
            case HMM2 -> new Hmm2Program(new Hmm2(HIDDEN, tones, 0), sequences);
        };
    }

    /**
     * {@return the posterior of the hidden states at the given tables} Paths are over each program's joint state: the
     * state itself, {@code 4 w + x} for fhmm and pfhmm, and the pair {@code 16 x_{t-1} + x_t} for hmm2.
     */
    static ChainPosterior posterior(JsbModel model, JsbSplit split, Map<String, Tensor> params) {
        Program program = of(model, split);
        if (program instanceof HmmProgram p) {
            return p.posterior(params);
        } else if (program instanceof ArhmmProgram p) {
            return p.posterior(params);
        } else if (program instanceof FhmmProgram p) {
            return p.posterior(params);
        } else if (program instanceof PfhmmProgram p) {
            return p.posterior(params);
        }
        return ((Hmm2Program) program).posterior(params);
    }

    /**
     * {@return whether the model's tables are learned parameters ({@code pyro.param}, hmm2) rather than latent sites
     * with priors}
     */
    static boolean tablesAreParams(JsbModel model) {
        return model == JsbModel.HMM2;
    }

    /** Puts tables into a store as the parameters of a model whose tables are parameters (hmm2). */
    static void define(ParamStore store, Map<String, Tensor> tables) {
        tables.forEach((name, value) -> {
            Constraint constraint = name.equals("probs_y") ? new Constraint.UnitInterval() : new Constraint.Simplex();
            store.define(name, ConstraintTransforms.transformTo(constraint).inverse(value.detach()).detach(),
                    constraint);
        });
    }

    static List<double[][]> sequences(JsbSplit split) {
        List<double[][]> sequences = new ArrayList<>();
        for (int s = 0; s < split.numSequences(); s++) {
            sequences.add(split.sequence(s));
        }
        return sequences;
    }
}
