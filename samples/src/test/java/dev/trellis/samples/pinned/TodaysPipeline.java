package dev.trellis.samples.pinned;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.inference.ChainPosterior;
import dev.trellis.runtime.inference.MixturePosterior;
import dev.trellis.runtime.inference.ViterbiPath;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.gmm.Gmm;
import dev.trellis.samples.gmm.GmmProgram;
import dev.trellis.samples.hmm.DiscreteHmm;
import dev.trellis.samples.hmm.DiscreteHmmInference;
import dev.trellis.samples.jsb.Arhmm;
import dev.trellis.samples.jsb.ArhmmProgram;
import dev.trellis.samples.jsb.Fhmm;
import dev.trellis.samples.jsb.FhmmProgram;
import dev.trellis.samples.jsb.Hmm;
import dev.trellis.samples.jsb.Hmm2;
import dev.trellis.samples.jsb.Hmm2Program;
import dev.trellis.samples.jsb.HmmProgram;
import dev.trellis.samples.jsb.Pfhmm;
import dev.trellis.samples.jsb.PfhmmProgram;
import dev.trellis.samples.weather.RainSun;
import dev.trellis.samples.weather.RainSunInference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adapters between the pins and the inference API: the only code of the pins that calls it. Today that API is
 * the generated {@code RainSunInference}/{@code DiscreteHmmInference}, and the programs' {@code posterior(globals)}
 * ({@link ChainPosterior} over each program's joint state, {@link MixturePosterior}). When the general compiler
 * replaces them with generated {@code <Model>Inference} classes, rewrite these methods; the pinned files and the
 * comparisons stay.
 *
 * <p>Answers are per enumerated site, the shape of the generated API to come: a chain program's joint state is split
 * here into its sites ({@code w * F + x} for fhmm and pfhmm, the pair {@code previous * K + current} for hmm2, of
 * which {@code x} is the current state), and its marginals summed accordingly.
 */
final class TodaysPipeline {
    private TodaysPipeline() {}

    /** The rain/sun sample on one week of activities (any length). */
    static PinnedAnswers.Chain rainSun(int[] activity) {
        var inference = new RainSunInference(new RainSun());
        double logLikelihood = inference.logLikelihood(activity);
        try {
            RainSunInference.MapAssignment map = inference.viterbi(activity);
            return new PinnedAnswers.Chain(logLikelihood, false,
                    Map.of("weather", inference.marginals(activity).weather()), Map.of("weather", map.weather()),
                    map.logJoint());
        } catch (ImpossibleEvidenceException e) {
            return PinnedAnswers.Chain.impossible(logLikelihood);
        }
    }

    /** {@link DiscreteHmm} with the given tables on one symbol sequence. */
    static PinnedAnswers.Chain discreteHmm(PinnedInputs.HmmTables tables, int[] symbol) {
        var inference = new DiscreteHmmInference(new DiscreteHmm(Tensor.vector(tables.pi()), Tensor.matrix(tables.a()),
                Tensor.matrix(tables.b())));
        double logLikelihood = inference.logLikelihood(symbol);
        try {
            DiscreteHmmInference.MapAssignment map = inference.viterbi(symbol);
            return new PinnedAnswers.Chain(logLikelihood, false, Map.of("state", inference.marginals(symbol).state()),
                    Map.of("state", map.state()), map.logJoint());
        } catch (ImpossibleEvidenceException e) {
            return PinnedAnswers.Chain.impossible(logLikelihood);
        }
    }

    /** {@return the generated program of a JSB model with {@code hidden} states per chain on {@code sequences}} */
    static Program jsbProgram(PinnedJsbModel model, int hidden, int tones, List<double[][]> sequences) {
        return switch (model) {
            case HMM -> new HmmProgram(new Hmm(hidden, tones), sequences);
            case ARHMM -> new ArhmmProgram(new Arhmm(hidden, tones), sequences);
            case FHMM -> new FhmmProgram(new Fhmm(hidden, tones), sequences);
            case PFHMM -> new PfhmmProgram(new Pfhmm(hidden, tones), sequences);
            case HMM2 -> new Hmm2Program(new Hmm2(hidden, tones, 0), sequences);
        };
    }

    /** The loss a program adds and its gradient at fixed globals (latent sites and parameters alike). */
    static PinnedAnswers.Score score(Program program, Map<String, Tensor> globals) {
        return FixedGlobalsContext.score(program, globals);
    }

    /** The posterior of the chosen sequences of a JSB program at fixed globals, per enumerated site. */
    static List<PinnedAnswers.Chain> jsbPosterior(PinnedJsbModel model, int hidden, int tones,
            List<double[][]> sequences, Map<String, Tensor> globals, int[] queried) {
        Program program = jsbProgram(model, hidden, tones, sequences);
        ChainPosterior posterior = switch (model) {
            case HMM -> ((HmmProgram) program).posterior(globals);
            case ARHMM -> ((ArhmmProgram) program).posterior(globals);
            case FHMM -> ((FhmmProgram) program).posterior(globals);
            case PFHMM -> ((PfhmmProgram) program).posterior(globals);
            case HMM2 -> ((Hmm2Program) program).posterior(globals);
        };
        List<PinnedAnswers.Chain> answers = new ArrayList<>();
        for (int s : queried) {
            ViterbiPath map = posterior.viterbi(s);
            answers.add(new PinnedAnswers.Chain(posterior.logLikelihood(s), false,
                    siteMarginals(model, hidden, posterior.marginals(s)), sitePaths(model, hidden, map.path()),
                    map.logJoint()));
        }
        return answers;
    }

    /** Splits joint-state paths into one path per site. */
    private static Map<String, int[]> sitePaths(PinnedJsbModel model, int hidden, int[] joint) {
        Map<String, int[]> paths = new LinkedHashMap<>();
        switch (model) {
            case HMM, ARHMM -> paths.put("x", joint);
            case FHMM, PFHMM -> {
                int[] w = new int[joint.length];
                int[] x = new int[joint.length];
                for (int t = 0; t < joint.length; t++) {
                    w[t] = joint[t] / hidden;
                    x[t] = joint[t] % hidden;
                }
                paths.put("w", w);
                paths.put("x", x);
            }
            case HMM2 -> {
                int[] x = new int[joint.length];
                for (int t = 0; t < joint.length; t++) {
                    x[t] = joint[t] % hidden;
                }
                paths.put("x", x);
            }
        }
        return paths;
    }

    /** Sums joint-state marginals into each site's, adding the joint states in increasing order. */
    private static Map<String, double[][]> siteMarginals(PinnedJsbModel model, int hidden, double[][] joint) {
        Map<String, double[][]> marginals = new LinkedHashMap<>();
        switch (model) {
            case HMM, ARHMM -> marginals.put("x", joint);
            case FHMM, PFHMM -> {
                double[][] w = new double[joint.length][hidden];
                double[][] x = new double[joint.length][hidden];
                for (int t = 0; t < joint.length; t++) {
                    for (int j = 0; j < joint[t].length; j++) {
                        w[t][j / hidden] += joint[t][j];
                        x[t][j % hidden] += joint[t][j];
                    }
                }
                marginals.put("w", w);
                marginals.put("x", x);
            }
            case HMM2 -> {
                double[][] x = new double[joint.length][hidden];
                for (int t = 0; t < joint.length; t++) {
                    for (int j = 0; j < joint[t].length; j++) {
                        x[t][j % hidden] += joint[t][j];
                    }
                }
                marginals.put("x", x);
            }
        }
        return marginals;
    }

    /** {@return the generated program of {@link Gmm} with {@code components} components on {@code data}} */
    static Program gmmProgram(int components, double[] data) {
        return new GmmProgram(new Gmm(components), Tensor.vector(data), components);
    }

    /** The posterior of the GMM's assignments at fixed globals. */
    static PinnedAnswers.Mixture gmmPosterior(int components, double[] data, Map<String, Tensor> globals) {
        MixturePosterior posterior = ((GmmProgram) gmmProgram(components, data)).posterior(globals);
        return new PinnedAnswers.Mixture(posterior.logMarginal(), posterior.mapAssignment(), posterior.mapLogJoint(),
                posterior.probabilities());
    }
}
