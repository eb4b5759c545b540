package dev.trellis.samples.jsb;

import static dev.trellis.samples.Tolerance.assertRelative;

import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each reference model against the sum over every hidden path, written straight from hmm.py's generative story, on
 * short ragged sequences of 3 tones (lengths 1, 3 and 2 in one padded batch). Independent of Pyro: it pins the start
 * from state 0, the masking of padded steps (including hmm2 with a single step, where the pair state still holds
 * impossible entries at the end) and each model's index order.
 *
 * <p>Tolerance 1e-12 relative: the brute force sums at most 16^3 path probabilities in linear space, the reference
 * works in log space; both are exact up to a few hundred roundings.
 */
class JsbModelBruteForceTest {
    private static final int K = 16;
    private static final int TONES = 3;
    private static final double[][][] SEQUENCES = {
        {{1, 0, 1}},
        {{0, 1, 1}, {1, 1, 0}, {0, 0, 0}},
        {{1, 1, 1}, {0, 1, 0}},
    };

    @ParameterizedTest(name = "{0}")
    @EnumSource(JsbModel.class)
    void logLikelihoodIsTheSumOverEveryHiddenPath(JsbModel model) {
        Random random = new Random(42 + model.ordinal());
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (JsbModel.Parameter parameter : model.parameters(TONES)) {
            params.put(parameter.name(), randomTable(random, parameter));
        }
        JsbSplit split = new JsbSplit("tiny", TONES, List.of(SEQUENCES));
        double expected = 0;
        for (double[][] sequence : SEQUENCES) {
            expected -= Math.log(sumOverPaths(model, params, sequence, 0, 0, 0));
        }
        assertRelative(expected, model.negLogLikelihood(params, split).item(), 1e-12, model.id());
    }

    /** Sums p(states t.., y t.. | the two previous joint states) over every continuation. */
    private static double sumOverPaths(JsbModel model, Map<String, Tensor> params, double[][] y, int t, int previous2,
            int previous) {
        if (t == y.length) {
            return 1;
        }
        double total = 0;
        for (int state = 0; state < K; state++) {
            double transition = transition(model, params, previous2, previous, state);
            total += transition * emission(model, params, y, t, state)
                    * sumOverPaths(model, params, y, t + 1, previous, state);
        }
        return total;
    }

    /** hmm.py's transition to {@code state}; factorial models use the joint state {@code 4 w + x}. */
    private static double transition(JsbModel model, Map<String, Tensor> params, int previous2, int previous, int state) {
        Tensor x = params.get("probs_x");
        return switch (model) {
            case HMM, ARHMM, NNHMM -> x.get(previous, state);
            case FHMM -> params.get("probs_w").get(previous / 4, state / 4) * x.get(previous % 4, state % 4);
            case PFHMM -> params.get("probs_w").get(previous / 4, state / 4) * x.get(state / 4, previous % 4, state % 4);
            case HMM2 -> x.get(previous2, previous, state);
        };
    }

    private static double emission(JsbModel model, Map<String, Tensor> params, double[][] y, int t, int state) {
        if (model == JsbModel.NNHMM) {   // the network on this one step's previous notes, sigmoid by hand
            double[] logits = JsbPrograms.network(TONES, params)
                    .logits(state, Tensor.of(t == 0 ? new double[TONES] : y[t - 1], TONES)).toArray();
            double p = 1;
            for (int d = 0; d < TONES; d++) {
                double on = 1 / (1 + Math.exp(-logits[d]));
                p *= y[t][d] == 1 ? on : 1 - on;
            }
            return p;
        }
        Tensor probsY = params.get("probs_y");
        double p = 1;
        for (int d = 0; d < TONES; d++) {
            double on = switch (model) {
                case HMM, HMM2 -> probsY.get(state, d);
                case ARHMM -> probsY.get(state, t == 0 ? 0 : (int) y[t - 1][d], d);
                case FHMM, PFHMM -> probsY.get(state / 4, state % 4, d);
                case NNHMM -> throw new IllegalStateException("the network's emissions are computed above");
            };
            p *= y[t][d] == 1 ? on : 1 - on;
        }
        return p;
    }

    /**
     * Simplex rows normalised exactly from uniform(0.1, 1) draws, probabilities in (0.05, 0.95), or a network's
     * weights in (-1, 1).
     */
    private static Tensor randomTable(Random random, JsbModel.Parameter parameter) {
        int[] shape = parameter.shape();
        int size = 1;
        for (int n : shape) {
            size *= n;
        }
        double[] values = new double[size];
        if (parameter.constraint() instanceof dev.trellis.runtime.constraints.Constraint.Real) {
            for (int i = 0; i < size; i++) {
                values[i] = 2 * random.nextDouble() - 1;
            }
            return Tensor.of(values, shape);
        }
        int row = shape[shape.length - 1];
        for (int start = 0; start < size; start += row) {
            double sum = 0;
            for (int j = 0; j < row; j++) {
                values[start + j] = parameter.name().equals("probs_y") ? 0.05 + 0.9 * random.nextDouble()
                        : 0.1 + 0.9 * random.nextDouble();
                sum += values[start + j];
            }
            if (!parameter.name().equals("probs_y")) {
                for (int j = 0; j < row; j++) {
                    values[start + j] /= sum;
                }
            }
        }
        return Tensor.of(values, shape);
    }
}
