package dev.trellis.samples.jsb;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.inference.ViterbiPath;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.parallel.MemberProgram;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The programs Trellis generates from the DSL models of hmm.py's six HMMs ({@link Hmm}, {@link Arhmm}, {@link Fhmm},
 * {@link Pfhmm}, {@link NnHmm}, {@link Hmm2}), conditioned on one split, with hmm.py's sizes: 16 hidden states (the
 * factorial models: two chains of 4; the nnHMM's network: {@code nn_dim = 48}, {@code nn_channels = 2}).
 *
 * <p>The nnHMM's network parameters are {@code pyro.module} parameters: a program reads them from the parameter store
 * ({@link #defineNetwork}), under the names the tables use ({@code tones_generator$$$<path>}).
 */
final class JsbPrograms {
    /** hmm.py's default {@code hidden_dim}. */
    static final int HIDDEN = 16;
    /** The states of each chain of the factorial models: the square root of hidden_dim. */
    static final int FACTOR = 4;

    private JsbPrograms() {}

    /**
     * {@return the generated program of {@code model} on the sequences of {@code split}} The nnHMM's network starts
     * from the network values among {@code params} (a store that does not hold them yet defines them from there).
     */
    static Program of(JsbModel model, JsbSplit split, Map<String, Tensor> params) {
        return of(model, sequences(split), split.numTones(), params);
    }

    /**
     * {@return the generated program of {@code model} on some sequences, each {@code [T][tones]}} Every model but the
     * nnHMM (whose network couples it to the store) gives a {@link MemberProgram}.
     */
    static Program of(JsbModel model, List<double[][]> sequences, int tones, Map<String, Tensor> params) {
        return switch (model) {
            case NNHMM -> new NnHmmProgram(new NnHmm(network(tones, params)), sequences);
            case HMM -> new HmmProgram(new Hmm(HIDDEN, tones), sequences);
            case ARHMM -> new ArhmmProgram(new Arhmm(HIDDEN, tones), sequences);
            case FHMM -> new FhmmProgram(new Fhmm(FACTOR, tones), sequences);
            case PFHMM -> new PfhmmProgram(new Pfhmm(FACTOR, tones), sequences);
            case HMM2 -> new Hmm2Program(new Hmm2(HIDDEN, tones, 0), sequences);
        };
    }

    /**
     * {@return the MAP path of one sequence at the given tables, and its log joint} The generated inference's
     * {@code viterbi}, over each model's enumerated sites; the factorial models' two chains are reported as the joint
     * state {@code 4 w + x}, hmm2's second-order chain by its state at each step.
     */
    static ViterbiPath viterbi(JsbModel model, JsbSplit split, Map<String, Tensor> params, int sequence) {
        List<double[][]> one = List.<double[][]>of(split.sequence(sequence));
        int tones = split.numTones();
        return switch (model) {
            case HMM -> {
                HmmInference.MapAssignment map = new HmmInference(new Hmm(HIDDEN, tones), params).viterbi(one);
                yield new ViterbiPath(map.x()[0], map.logJoint());
            }
            case ARHMM -> {
                ArhmmInference.MapAssignment map = new ArhmmInference(new Arhmm(HIDDEN, tones), params).viterbi(one);
                yield new ViterbiPath(map.x()[0], map.logJoint());
            }
            case FHMM -> {
                FhmmInference.MapAssignment map = new FhmmInference(new Fhmm(FACTOR, tones), params).viterbi(one);
                yield new ViterbiPath(joint(map.w()[0], map.x()[0]), map.logJoint());
            }
            case PFHMM -> {
                PfhmmInference.MapAssignment map = new PfhmmInference(new Pfhmm(FACTOR, tones), params).viterbi(one);
                yield new ViterbiPath(joint(map.w()[0], map.x()[0]), map.logJoint());
            }
            case NNHMM -> {
                NnHmmInference.MapAssignment map = new NnHmmInference(new NnHmm(TonesGenerator.hmmPy(tones,
                        Rng.seeded(0))), params).viterbi(one);
                yield new ViterbiPath(map.x()[0], map.logJoint());
            }
            case HMM2 -> {
                Hmm2Inference.MapAssignment map = new Hmm2Inference(new Hmm2(HIDDEN, tones, 0), params).viterbi(one);
                yield new ViterbiPath(map.x()[0], map.logJoint());
            }
        };
    }

    /** The factorial models' joint state {@code 4 w + x} at each step. */
    private static int[] joint(int[] w, int[] x) {
        int[] joint = new int[w.length];
        for (int t = 0; t < w.length; t++) {
            joint[t] = FACTOR * w[t] + x[t];
        }
        return joint;
    }

    /**
     * {@return whether the model's tables are learned parameters ({@code pyro.param}, hmm2) rather than latent sites
     * with priors}
     */
    static boolean tablesAreParams(JsbModel model) {
        return model == JsbModel.HMM2;
    }

    /** {@return the nnHMM's network with the network values among {@code params}, or torch's initialisation} */
    static TonesGenerator network(int tones, Map<String, Tensor> params) {
        TonesGenerator network = TonesGenerator.hmmPy(tones, Rng.seeded(0));
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (String path : network.namedParameters().keySet()) {
            Tensor value = params.get(TonesGenerator.storeName(path));
            if (value != null) {
                values.put(path, value.detach());
            }
        }
        network.setParameters(values);
        return network;
    }

    /** {@return whether a table's name is a network parameter's ({@code tones_generator$$$...})} */
    static boolean isNetworkParameter(String name) {
        return name.contains(Module.STORE_SEPARATOR);
    }

    /** {@return the tables that are latent sites of the model's program (not a network's parameters)} */
    static Map<String, Tensor> latentSites(Map<String, Tensor> params) {
        Map<String, Tensor> latent = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (!isNetworkParameter(name)) {
                latent.put(name, value);
            }
        });
        return latent;
    }

    /** Puts the network's parameters among {@code params} into a store, as the program's context.module reads them. */
    static void defineNetwork(ParamStore store, Map<String, Tensor> params) {
        params.forEach((name, value) -> {
            if (isNetworkParameter(name)) {
                store.define(name, value.detach(), new Constraint.Real());
            }
        });
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
