package dev.trellis.runtime.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The use the engine is built for: the gradient of a log partition function with respect to a log factor is
 * that factor's posterior marginal, so generated code can inject marginals as the adjoints of factor tables.
 * A small HMM is written with tensor operations and checked against brute-force enumeration of its paths.
 */
class SumProductGradientTest {

    private static final int[] OBSERVATIONS = {1, 0, 1, 1};
    private static final Tensor INIT = Tensor.vector(0.3, -0.2);
    private static final Tensor TRANS = Tensor.matrix(new double[][] {{0.5, -1.0}, {0.2, 0.1}});
    private static final Tensor EMIT = Tensor.matrix(new double[][] {{-0.3, 0.8}, {1.1, -0.4}});

    /** The forward algorithm in log space: log sum over paths of exp(init + sum trans + sum emit). */
    static Tensor logPartition(Tensor init, Tensor trans, Tensor emit) {
        Tensor emissions = emit.index(1, OBSERVATIONS);                    // [K, T]
        Tensor alpha = init.add(emissions.select(1, 0));
        for (int t = 1; t < OBSERVATIONS.length; t++) {
            alpha = alpha.unsqueeze(1).add(trans).logSumExp(0, false).add(emissions.select(1, t));
        }
        return alpha.logSumExp();
    }

    @Test
    void theLogPartitionFunctionMatchesEnumeration() {
        BruteForce exact = new BruteForce(INIT, TRANS, EMIT);
        assertEquals(exact.logPartition, logPartition(INIT, TRANS, EMIT).item(), 1e-14);
    }

    @Test
    void gradientsOfTheLogPartitionAreTheFactorMarginals() {
        Tensor init = Tensor.variable(INIT);
        Tensor trans = Tensor.variable(TRANS);
        Tensor emit = Tensor.variable(EMIT);
        Gradients gradients = Autodiff.gradients(logPartition(init, trans, emit));
        BruteForce exact = new BruteForce(INIT, TRANS, EMIT);
        assertArrayEquals(exact.initMarginal, gradients.of(init).toArray(), 1e-14);
        assertArrayEquals(exact.transMarginal, gradients.of(trans).toArray(), 1e-14);
        assertArrayEquals(exact.emitMarginal, gradients.of(emit).toArray(), 1e-14);
    }

    @Test
    void marginalsInjectedAsAdjointsGiveTheParameterGradients() {
        Tensor initLogits = Tensor.variable(INIT);
        Tensor transLogits = Tensor.variable(TRANS);
        Tensor emitLogits = Tensor.variable(EMIT);
        Tensor init = initLogits.logSoftmax(0);
        Tensor trans = transLogits.logSoftmax(1);
        Tensor emit = emitLogits.logSoftmax(1);

        Gradients throughTheLoop = Autodiff.gradients(logPartition(init, trans, emit));

        BruteForce exact = new BruteForce(init.detach(), trans.detach(), emit.detach());
        Gradients injected = Autodiff.gradients(List.of(init, trans, emit), List.of(
                Tensor.of(exact.initMarginal, 2), Tensor.of(exact.transMarginal, 2, 2),
                Tensor.of(exact.emitMarginal, 2, 2)));
        for (Tensor leaf : List.of(initLogits, transLogits, emitLogits)) {
            assertArrayEquals(throughTheLoop.of(leaf).toArray(), injected.of(leaf).toArray(), 1e-14);
        }
        assertEquals(3, injected.leaves().size());
    }

    /** Marginals by enumerating every state path of the chain. */
    private static final class BruteForce {
        final double logPartition;
        final double[] initMarginal = new double[2];
        final double[] transMarginal = new double[4];
        final double[] emitMarginal = new double[4];

        BruteForce(Tensor init, Tensor trans, Tensor emit) {
            int steps = OBSERVATIONS.length;
            int paths = 1 << steps;
            double[] weights = new double[paths];
            double total = 0;
            for (int p = 0; p < paths; p++) {
                double logWeight = init.get(state(p, 0)) + emit.get(state(p, 0), OBSERVATIONS[0]);
                for (int t = 1; t < steps; t++) {
                    logWeight += trans.get(state(p, t - 1), state(p, t)) + emit.get(state(p, t), OBSERVATIONS[t]);
                }
                weights[p] = Math.exp(logWeight);
                total += weights[p];
            }
            logPartition = Math.log(total);
            for (int p = 0; p < paths; p++) {
                double posterior = weights[p] / total;
                initMarginal[state(p, 0)] += posterior;
                emitMarginal[state(p, 0) * 2 + OBSERVATIONS[0]] += posterior;
                for (int t = 1; t < steps; t++) {
                    transMarginal[state(p, t - 1) * 2 + state(p, t)] += posterior;
                    emitMarginal[state(p, t) * 2 + OBSERVATIONS[t]] += posterior;
                }
            }
        }

        private static int state(int path, int t) {
            return (path >> t) & 1;
        }
    }
}
