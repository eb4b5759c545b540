package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plate kernel against reverse-mode autodiff through a forward algorithm written with tensor operations
 * (as in {@code SumProductGradientTest}), and the way generated code will use it: tables built from learned
 * logits with tensor ops, the kernel's adjoints injected with {@code Autodiff.gradients(outputs, adjoints)},
 * giving the same parameter gradients as differentiating through the whole time loop.
 *
 * <p>Tolerance 1e-12 per unit of magnitude: the tensor forward pass is a log-space recursion whose rounding
 * is a few ulps of the log-alphas (at most ~20 here), and its gradients are exact products of softmax weights.
 */
class ChainSumProductAutodiffTest {

    private static final double TOLERANCE = 1e-12;

    /** {@code sum_s w_s log p(y_s)} by the log-space forward algorithm on tensors; sequences of length 0 add 0. */
    static Tensor logLikelihood(Tensor logInit, Tensor logTrans, List<Tensor> logEvidence, double[] weights) {
        Tensor total = Tensor.scalar(0.0);
        for (int s = 0; s < logEvidence.size(); s++) {
            Tensor evidence = logEvidence.get(s);
            if (evidence.size(0) == 0) {
                continue;
            }
            Tensor alpha = logInit.add(evidence.select(0, 0));
            for (int t = 1; t < evidence.size(0); t++) {
                alpha = alpha.unsqueeze(1).add(logTrans).logSumExp(0, false).add(evidence.select(0, t));
            }
            total = total.add(alpha.logSumExp().mul(weights[s]));
        }
        return total;
    }

    @Test
    void adjointsEqualTapeGradientsOfTheTensorForwardAlgorithm() {
        for (int draw = 0; draw < 12; draw++) {
            int k = 1 + draw % 4;
            RandomPlate plate = RandomPlate.draw(new SplittableRandom(500 + draw), k, 1 + draw % 4, 1, 9, 0.0, true);
            Tensor logInit = Tensor.variable(Tensor.vector(plate.logInit()));
            Tensor logTrans = Tensor.variable(Tensor.matrix(plate.logTrans()));
            List<Tensor> logEvidence = new ArrayList<>();
            for (double[][] sequence : plate.logEvidence()) {
                logEvidence.add(Tensor.variable(Tensor.matrix(sequence)));
            }
            Tensor total = logLikelihood(logInit, logTrans, logEvidence, plate.weights());
            Gradients tape = Autodiff.gradients(total);

            PlateGradient kernel = PlateGradient.of(plate);
            double scale = Math.max(1.0, Math.abs(total.item()));
            assertEquals(total.item(), kernel.logLikelihood(), TOLERANCE * scale, plate::toString);
            assertClose(tape.of(logInit).toArray(), kernel.dLogInit(), plate);
            assertClose(tape.of(logTrans).toArray(), flatten(kernel.dLogTrans()), plate);
            for (int s = 0; s < logEvidence.size(); s++) {
                assertClose(tape.of(logEvidence.get(s)).toArray(), flatten(kernel.dLogEvidence()[s]), plate);
            }
        }
    }

    @Test
    void injectedAdjointsGiveTheParameterGradientsOfTheWholeModel() {
        int k = 3;
        int numSymbols = 4;
        SplittableRandom random = new SplittableRandom(77);
        Tensor initLogits = Tensor.variable(randomTensor(random, k));
        Tensor transLogits = Tensor.variable(randomTensor(random, k, k));
        Tensor emitLogits = Tensor.variable(randomTensor(random, k, numSymbols));
        int[][] observations = {{0, 3, 3, 1, 2}, {}, {2}, {1, 1, 0, 3, 2, 2, 0, 1}};
        double[] weights = {2.5, 2.5, 2.5, 2.5};

        Tensor logInit = initLogits.logSoftmax(0);
        Tensor logTrans = transLogits.logSoftmax(1);
        Tensor logEmit = emitLogits.logSoftmax(1);
        List<Tensor> logEvidence = new ArrayList<>();
        for (int[] obs : observations) {
            logEvidence.add(obs.length == 0 ? Tensor.zeros(0, k) : logEmit.index(1, obs).transpose());   // [T_s, K]
        }
        Gradients throughTheLoop = Autodiff.gradients(logLikelihood(logInit, logTrans, logEvidence, weights));

        int numSequences = observations.length;
        double[][][] evidenceTables = new double[numSequences][][];
        double[][][] dLogEvidence = new double[numSequences][][];
        for (int s = 0; s < numSequences; s++) {
            evidenceTables[s] = observations[s].length == 0 ? new double[0][k] : logEvidence.get(s).toRows();
            dLogEvidence[s] = new double[observations[s].length][k];
        }
        double[] dLogInit = new double[k];
        double[][] dLogTrans = new double[k][k];
        new ChainSumProduct(k).logLikelihoodAndGradient(logInit.toArray(), logTrans.toRows(), evidenceTables,
                weights, dLogInit, dLogTrans, dLogEvidence);
        List<Tensor> outputs = new ArrayList<>(List.of(logInit, logTrans));
        List<Tensor> adjoints = new ArrayList<>(List.of(Tensor.vector(dLogInit), Tensor.matrix(dLogTrans)));
        for (int s = 0; s < numSequences; s++) {
            if (observations[s].length > 0) {
                outputs.add(logEvidence.get(s));
                adjoints.add(Tensor.matrix(dLogEvidence[s]));
            }
        }
        Gradients injected = Autodiff.gradients(outputs, adjoints);
        for (Tensor leaf : List.of(initLogits, transLogits, emitLogits)) {
            double[] expected = throughTheLoop.of(leaf).toArray();
            double[] actual = injected.of(leaf).toArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], TOLERANCE * Math.max(1.0, Math.abs(expected[i])));
            }
        }
    }

    private static Tensor randomTensor(SplittableRandom random, int... shape) {
        int size = 1;
        for (int n : shape) {
            size *= n;
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextGaussian();
        }
        return Tensor.of(values, shape);
    }

    private static double[] flatten(double[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    private static void assertClose(double[] expected, double[] actual, RandomPlate plate) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * Math.max(1.0, Math.abs(expected[i])), plate::toString);
        }
    }
}
