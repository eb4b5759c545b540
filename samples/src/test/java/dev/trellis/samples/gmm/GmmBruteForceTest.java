package dev.trellis.samples.gmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ElboEstimate;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The generated {@link GmmProgram} against enumeration of every joint assignment (K^N of them) on small random
 * mixtures, with the log-densities written out by hand: the log marginal (the sum), the MAP assignment and its log
 * joint (the max), and each datum's posterior probabilities (sums over the assignments with z_n = k). Tolerances:
 * both sides are float64 sums of at most 5 terms of order 10 and a log-sum-exp, so they agree to ~1e-14; 1e-11
 * leaves room without hiding a wrong term (a missing or doubled prior term moves the values by more than 1e-3).
 */
class GmmBruteForceTest {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    /** A random mixture: K weights bounded away from 0, a scale in [0.5, 3], locs and data around 0..10. */
    private record Instance(double[] weights, double scale, double[] locs, double[] data) {
        static Instance random(int components, int members, Rng rng) {
            double[] w = new double[components];
            double total = 0;
            for (int k = 0; k < components; k++) {
                w[k] = 0.2 + rng.nextDouble();
                total += w[k];
            }
            double[] locs = new double[components];
            for (int k = 0; k < components; k++) {
                w[k] /= total;
                locs[k] = 10 * rng.nextDouble();
            }
            double[] data = new double[members];
            for (int n = 0; n < members; n++) {
                data[n] = locs[rng.nextInt(components)] + 2 * rng.nextGaussian();
            }
            return new Instance(w, 0.5 + 2.5 * rng.nextDouble(), locs, data);
        }

        Map<String, Tensor> globals() {
            return Map.of("weights", Tensor.vector(weights), "scale", Tensor.scalar(scale), "locs", Tensor.vector(locs));
        }

        GmmProgram program() {
            return new GmmProgram(new Gmm(weights.length), data, weights.length);
        }

        /** log p(x_n, z_n = k | globals), written out. */
        double logJoint(int n, int k) {
            double z = (data[n] - locs[k]) / scale;
            return Math.log(weights[k]) - 0.5 * z * z - Math.log(scale) - HALF_LOG_TWO_PI;
        }
    }

    @Test
    void sumsMaximaAndPosteriorsMatchEnumerationOfEveryJointAssignment() {
        Rng rng = Rng.seeded(2024);
        for (int components = 1; components <= 3; components++) {
            for (int members = 1; members <= 5; members++) {
                for (int repeat = 0; repeat < 3; repeat++) {
                    Instance instance = Instance.random(components, members, rng);
                    check(instance, "K=" + components + " N=" + members + " #" + repeat);
                }
            }
        }
    }

    private static void check(Instance instance, String what) {
        int k = instance.weights().length;
        int n = instance.data().length;
        int count = (int) Math.pow(k, n);
        double[] logJoint = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int code = 0; code < count; code++) {
            int rest = code;
            for (int member = 0; member < n; member++) {
                logJoint[code] += instance.logJoint(member, rest % k);
                rest /= k;
            }
            if (logJoint[code] > max) {
                max = logJoint[code];
                best = code;
            }
        }
        double total = 0;
        double[][] marginals = new double[n][k];
        for (int code = 0; code < count; code++) {
            double p = Math.exp(logJoint[code] - max);
            total += p;
            int rest = code;
            for (int member = 0; member < n; member++) {
                marginals[member][rest % k] += p;
                rest /= k;
            }
        }
        double logMarginal = max + Math.log(total);
        int[] map = new int[n];
        for (int member = 0, rest = best; member < n; member++, rest /= k) {
            map[member] = rest % k;
        }

        GmmInference posterior = instance.program().inference(instance.globals());
        assertEquals(logMarginal, posterior.logLikelihood(instance.data), 1e-11 * Math.abs(logMarginal),
                what + " log marginal");
        GmmInference.MapAssignment mapped = posterior.viterbi(instance.data);
        assertArrayEquals(map, mapped.assignment(), what + " MAP");
        assertEquals(max, mapped.logJoint(), 1e-11 * Math.abs(max), what + " MAP log joint");
        double[][] probabilities = posterior.marginals(instance.data).assignment();
        for (int member = 0; member < n; member++) {
            for (int value = 0; value < k; value++) {
                assertEquals(marginals[member][value] / total, probabilities[member][value], 1e-11,
                        what + " P(z_" + member + " = " + value + ")");
            }
        }
        // The factor the program adds during training is the same log marginal.
        double factor = Conditioned.run(instance.program(), instance.globals(), new ParamStore())
                .site("obs").logProb().item();
        assertEquals(logMarginal, factor, 1e-11 * Math.abs(logMarginal), what + " factor");
    }

    @Test
    void aSubsampledDataPlateScoresItsMembersAndScalesTheFactorBySizeOverBatch() {
        Instance instance = Instance.random(3, 5, Rng.seeded(7));
        GmmProgram model = instance.program();
        AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity())
                .withInit(InitStrategy.values(instance.globals()));
        ElboEstimate estimate = new TraceElbo().withSubsample("data", 2)
                .estimate(model, guide, new ParamScope(new ParamStore()), Rng.seeded(11));

        int[] members = estimate.model().plate("data").indices();
        assertEquals(2, members.length);
        double expected = 0;
        for (int member : members) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                max = Math.max(max, instance.logJoint(member, k));
            }
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                sum += Math.exp(instance.logJoint(member, k) - max);
            }
            expected += max + Math.log(sum);
        }
        expected *= 5.0 / 2.0;
        double factor = estimate.model().site("obs").logProb().sum().item();
        assertEquals(expected, factor, 1e-11 * Math.abs(expected));
    }
}
