package dev.trellis.samples.pinned;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.gmm.Gmm;
import dev.trellis.samples.gmm.GmmInference;
import dev.trellis.samples.gmm.GmmProgram;
import dev.trellis.samples.hmm.DiscreteHmm;
import dev.trellis.samples.hmm.DiscreteHmmInference;
import dev.trellis.samples.jsb.Arhmm;
import dev.trellis.samples.jsb.ArhmmInference;
import dev.trellis.samples.jsb.ArhmmProgram;
import dev.trellis.samples.jsb.Fhmm;
import dev.trellis.samples.jsb.FhmmInference;
import dev.trellis.samples.jsb.FhmmProgram;
import dev.trellis.samples.jsb.Hmm;
import dev.trellis.samples.jsb.Hmm2;
import dev.trellis.samples.jsb.Hmm2Inference;
import dev.trellis.samples.jsb.Hmm2Program;
import dev.trellis.samples.jsb.HmmInference;
import dev.trellis.samples.jsb.HmmProgram;
import dev.trellis.samples.jsb.Pfhmm;
import dev.trellis.samples.jsb.PfhmmInference;
import dev.trellis.samples.jsb.PfhmmProgram;
import dev.trellis.samples.weather.RainSun;
import dev.trellis.samples.weather.RainSunInference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adapters between the pins and the inference API: the only code of the pins that calls it. The pins were written
 * by the shape-specific pipeline the general compiler replaced (see docs/design/pinned); these adapters now call the
 * generated {@code <Model>Inference} classes ({@code logLikelihood}, {@code marginals}, {@code viterbi}) and the
 * programs, so the same files check that old and new compute the same.
 *
 * <p>Answers are per enumerated site, as the generated API gives them.
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

    /** The posterior of the chosen sequences of a JSB model at fixed globals, per enumerated site. */
    static List<PinnedAnswers.Chain> jsbPosterior(PinnedJsbModel model, int hidden, int tones,
            List<double[][]> sequences, Map<String, Tensor> globals, int[] queried) {
        List<PinnedAnswers.Chain> answers = new ArrayList<>();
        for (int s : queried) {
            List<double[][]> one = List.<double[][]>of(sequences.get(s));
            answers.add(switch (model) {
                case HMM -> {
                    HmmInference inference = new HmmInference(new Hmm(hidden, tones), globals);
                    HmmInference.MapAssignment map = inference.viterbi(one);
                    yield chain(inference.logLikelihood(one), Map.of("x", inference.marginals(one).x()[0]),
                            Map.of("x", map.x()[0]), map.logJoint());
                }
                case ARHMM -> {
                    ArhmmInference inference = new ArhmmInference(new Arhmm(hidden, tones), globals);
                    ArhmmInference.MapAssignment map = inference.viterbi(one);
                    yield chain(inference.logLikelihood(one), Map.of("x", inference.marginals(one).x()[0]),
                            Map.of("x", map.x()[0]), map.logJoint());
                }
                case FHMM -> {
                    FhmmInference inference = new FhmmInference(new Fhmm(hidden, tones), globals);
                    FhmmInference.MapAssignment map = inference.viterbi(one);
                    FhmmInference.Marginals marginals = inference.marginals(one);
                    yield chain(inference.logLikelihood(one), ordered("w", marginals.w()[0], "x", marginals.x()[0]),
                            ordered("w", map.w()[0], "x", map.x()[0]), map.logJoint());
                }
                case PFHMM -> {
                    PfhmmInference inference = new PfhmmInference(new Pfhmm(hidden, tones), globals);
                    PfhmmInference.MapAssignment map = inference.viterbi(one);
                    PfhmmInference.Marginals marginals = inference.marginals(one);
                    yield chain(inference.logLikelihood(one), ordered("w", marginals.w()[0], "x", marginals.x()[0]),
                            ordered("w", map.w()[0], "x", map.x()[0]), map.logJoint());
                }
                case HMM2 -> {
                    Hmm2Inference inference = new Hmm2Inference(new Hmm2(hidden, tones, 0), globals);
                    Hmm2Inference.MapAssignment map = inference.viterbi(one);
                    yield chain(inference.logLikelihood(one), Map.of("x", inference.marginals(one).x()[0]),
                            Map.of("x", map.x()[0]), map.logJoint());
                }
            });
        }
        return answers;
    }

    private static PinnedAnswers.Chain chain(double logLikelihood, Map<String, double[][]> marginals,
            Map<String, int[]> paths, double logJoint) {
        return new PinnedAnswers.Chain(logLikelihood, false, marginals, paths, logJoint);
    }

    /** Two sites' answers, in the order given. */
    private static <T> Map<String, T> ordered(String first, T a, String second, T b) {
        Map<String, T> map = new LinkedHashMap<>();
        map.put(first, a);
        map.put(second, b);
        return map;
    }

    /** {@return the generated program of {@link Gmm} with {@code components} components on {@code data}} */
    static Program gmmProgram(int components, double[] data) {
        return new GmmProgram(new Gmm(components), data, components);
    }

    /** The posterior of the GMM's assignments at fixed globals. */
    static PinnedAnswers.Mixture gmmPosterior(int components, double[] data, Map<String, Tensor> globals) {
        GmmInference posterior = ((GmmProgram) gmmProgram(components, data)).inference(globals);
        GmmInference.MapAssignment map = posterior.viterbi(data);
        return new PinnedAnswers.Mixture(posterior.logLikelihood(data), map.assignment(), map.logJoint(),
                posterior.marginals(data).assignment());
    }
}
