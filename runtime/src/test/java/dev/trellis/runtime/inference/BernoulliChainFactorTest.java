package dev.trellis.runtime.inference;

import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chain factor's value and gradients equal those of the forward algorithm written with tensor operations and
 * differentiated through the whole time loop on the tape: the marginals are the backward pass.
 */
class BernoulliChainFactorTest {
    private static final int K = 3;
    private static final int D = 4;

    @Test
    void valueAndGradientsMatchTheTapeThroughTheTimeLoop() {
        Rng rng = Rng.seeded(12);
        List<double[][]> data = new ArrayList<>();
        for (int length : new int[] {5, 1, 0, 7}) {
            double[][] y = new double[length][D];
            for (double[] row : y) {
                for (int d = 0; d < D; d++) {
                    row[d] = rng.nextDouble() < 0.4 ? 1 : 0;
                }
            }
            data.add(y);
        }
        Tensor initLogits = Tensor.variable(random(rng, K));
        Tensor transLogits = Tensor.variable(random(rng, K, K));
        Tensor emitLogits = Tensor.variable(random(rng, K, D));
        int[] members = {0, 1, 2, 3};

        List<BernoulliObservations> sequences = data.stream().map(y -> BernoulliObservations.of(y, D)).toList();
        Tensor fast = new BernoulliChainFactor(sequences, K).logMarginal(initLogits.logSoftmax(0),
                transLogits.logSoftmax(1), emitLogits.logSigmoid(), emitLogits.neg().logSigmoid(), members, 2.0);
        Tensor reference = Tensor.scalar(0.0);
        for (double[][] y : data) {
            reference = reference.add(forward(initLogits.logSoftmax(0), transLogits.logSoftmax(1),
                    emitLogits.logSigmoid(), emitLogits.neg().logSigmoid(), y).mul(2.0));
        }
        assertEquals(reference.item(), fast.item(), 1e-12 * Math.abs(reference.item()));
        Gradients fastGradients = Autodiff.gradients(fast);
        Gradients referenceGradients = Autodiff.gradients(reference);
        for (Tensor leaf : List.of(initLogits, transLogits, emitLogits)) {
            double[] want = referenceGradients.of(leaf).toArray();
            double[] got = fastGradients.of(leaf).toArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-11 * Math.max(1, Math.abs(want[i])), "entry " + i);
            }
        }
    }

    @Test
    void withoutGradientsItTakesTheLikelihoodOnlyPathToTheSameValue() {
        Rng rng = Rng.seeded(3);
        double[][] y = {{1, 0, 0, 1}, {0, 0, 1, 1}, {1, 1, 1, 0}};
        Tensor logInit = random(rng, K).logSoftmax(0);
        Tensor logTrans = random(rng, K, K).logSoftmax(1);
        Tensor logits = random(rng, K, D);
        var factor = new BernoulliChainFactor(List.of(BernoulliObservations.of(y, D)), K);
        Tensor value = factor.logMarginal(logInit, logTrans, logits.logSigmoid(), logits.neg().logSigmoid(),
                new int[] {0}, 1.0);
        assertFalse(value.requiresGrad());
        Tensor reference = forward(logInit, logTrans, logits.logSigmoid(), logits.neg().logSigmoid(), y);
        assertEquals(reference.item(), value.item(), 1e-12 * Math.abs(reference.item()));
    }

    @Test
    void withZeroEmissionProbabilitiesTheGradientIsFiniteAndIsTheFiniteDifferenceOfTheLikelihood() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        int tones = 5;
        double[] p = new double[K * tones];
        for (int i = 0; i < p.length; i++) {
            // State 0 keeps every probability inside (0, 1), so no sequence is impossible; the others have about a
            // third of theirs exactly 0 or 1, which rules them out at the steps that contradict them.
            boolean extreme = i >= tones && random.nextDouble() < 0.35;
            p[i] = extreme ? random.nextInt(2) : 0.05 + 0.9 * random.nextDouble();
        }
        double[] logP1 = new double[p.length];
        double[] logP0 = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            logP1[i] = Math.log(p[i]);
            logP0[i] = Math.log1p(-p[i]);
        }
        List<BernoulliObservations> sequences = new ArrayList<>();
        for (int length : new int[] {6, 3, 9}) {
            sequences.add(BernoulliObservations.of(binary(random, length, tones),
                    tones));
        }
        Tensor logInit = Tensor.vector(Math.log(0.5), Math.log(0.3), Math.log(0.2));
        Tensor logTrans = Tensor.matrix(new double[][] {{-0.5, -1.5, -2}, {-1, -0.7, -2.2}, {-1.2, -1.3, -0.9}});
        BernoulliChainFactor factor = new BernoulliChainFactor(sequences, K);
        int[] members = {2, 0, 1};
        Tensor p1 = Tensor.variable(Tensor.of(logP1, K, tones));
        Tensor p0 = Tensor.variable(Tensor.of(logP0, K, tones));
        Tensor value = factor.logMarginal(logInit, logTrans, p1, p0, members, 2.0);
        Gradients gradients = Autodiff.gradients(value);
        double[] dLogP1 = gradients.of(p1).toArray();
        double[] dLogP0 = gradients.of(p0).toArray();
        java.util.function.DoubleSupplier likelihood = () -> factor.logMarginal(logInit, logTrans,
                Tensor.of(logP1, K, tones), Tensor.of(logP0, K, tones), members, 2.0).item();
        assertEquals(value.item(), likelihood.getAsDouble(), 1e-12 * Math.abs(value.item()),
                "the streamed likelihood and the gradient pass");
        int checked = 0;
        for (int i = 0; i < p.length; i++) {
            assertTrue(Double.isFinite(dLogP1[i]) && Double.isFinite(dLogP0[i]), "entry " + i);
            // Only finite entries can be perturbed; as in ChainSumProductBruteForceTest, h = 1e-5 differences of
            // a smooth function of size ~30 are good to ~1e-9.
            if (logP1[i] > Double.NEGATIVE_INFINITY) {
                assertEquals(ChainSumProductBruteForceTest.centralDifference(logP1, i, likelihood), dLogP1[i], 1e-8,
                        "dLogP1[" + i + "]");
                checked++;
            }
            if (logP0[i] > Double.NEGATIVE_INFINITY) {
                assertEquals(ChainSumProductBruteForceTest.centralDifference(logP0, i, likelihood), dLogP0[i], 1e-8,
                        "dLogP0[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked < 2 * p.length, "the fixture should hold some zero probabilities");
    }

    /** log p(y) by the forward algorithm in log space, on the tape. */
    private static Tensor forward(Tensor logInit, Tensor logTrans, Tensor logP1, Tensor logP0, double[][] y) {
        if (y.length == 0) {
            return Tensor.scalar(0.0);
        }
        Tensor alpha = logInit.add(evidence(logP1, logP0, y[0]));
        for (int t = 1; t < y.length; t++) {
            alpha = alpha.unsqueeze(1).add(logTrans).logSumExp(0, false).add(evidence(logP1, logP0, y[t]));
        }
        return alpha.logSumExp();
    }

    private static Tensor evidence(Tensor logP1, Tensor logP0, double[] y) {
        Tensor ones = Tensor.vector(y);
        return logP1.mul(ones).add(logP0.mul(ones.neg().add(1.0))).sum(1, false);
    }

    private static Tensor random(Rng rng, int... shape) {
        int n = 1;
        for (int size : shape) {
            n *= size;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = rng.nextGaussian();
        }
        return Tensor.of(values, shape);
    }

    private static double[][] binary(java.util.SplittableRandom random, int steps, int tones) {
        double[][] y = new double[steps][tones];
        for (double[] row : y) {
            for (int d = 0; d < tones; d++) {
                row[d] = random.nextDouble() < 0.4 ? 1 : 0;
            }
        }
        return y;
    }
}
