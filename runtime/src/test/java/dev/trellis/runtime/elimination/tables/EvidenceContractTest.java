package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What every evidence kind promises the engine (the {@link Evidence} contract): its shape, blocks checked against
 * the rows and the buffer, adjoints accumulated into the buffers (never overwritten), buffers of inputs that need
 * no gradient skipped, and row adjoints of the wrong length refused.
 */
class EvidenceContractTest {

    private static final DataLevels TONES = DataLevels.of("y").plate("sequences").plate("time").folded("tones")
            .build();
    private static final DataLevels STEPS = DataLevels.of("y").plate("sequences").plate("time").build();
    private static final EnumeratedParents X = EnumeratedParents.current(new String[] {"x"}, new int[] {2});

    @Test
    void everyKindKeepsTheContract() {
        for (Map.Entry<String, Evidence> kind : kinds(Tensor.variable(Tensor.vector(0.3, -0.4, 0.8))).entrySet()) {
            String name = kind.getKey();
            Evidence evidence = kind.getValue();
            assertEquals("y", evidence.site(), name);
            assertEquals(5, evidence.instances(), name);
            assertEquals(2, evidence.cells(), name);
            double[] out = new double[10];
            assertThrows(IndexOutOfBoundsException.class, () -> evidence.fill(4, 6, out, 0), name);
            assertThrows(IndexOutOfBoundsException.class, () -> evidence.fill(0, 5, out, 1), name);
            assertThrows(IndexOutOfBoundsException.class, () -> evidence.fill(3, 2, out, 0), name);
            evidence.fill(2, 2, out, 10);
            assertThrows(IllegalArgumentException.class, () -> evidence.backward(new double[9],
                    new double[evidence.inputs().size()][]), name);

            List<Tensor> inputs = evidence.inputs();
            assertTrue(!inputs.isEmpty(), name + ": a parameter that requires grad makes inputs");
            double[] rowAdjoints = new SplittableRandom(7).doubles(10, -1, 1).toArray();
            double[][] once = buffers(inputs, 0.0);
            evidence.backward(rowAdjoints, once);
            double[][] twice = buffers(inputs, 1.0);
            evidence.backward(rowAdjoints, twice);
            evidence.backward(rowAdjoints, twice);
            for (int k = 0; k < inputs.size(); k++) {
                for (int e = 0; e < once[k].length; e++) {
                    assertEquals(1.0 + 2 * once[k][e], twice[k][e], 1e-12, name + ": input " + k + " accumulates");
                }
            }
            // The scaled backward equals the plain one on rows scaled first, bit for bit.
            double scale = -0.37;
            double[] scaledRows = new double[rowAdjoints.length];
            for (int j = 0; j < scaledRows.length; j++) {
                scaledRows[j] = scale * rowAdjoints[j];
            }
            double[][] copied = buffers(inputs, 0.5);
            evidence.backward(scaledRows, copied);
            double[][] fused = buffers(inputs, 0.5);
            evidence.backward(rowAdjoints, scale, fused);
            for (int k = 0; k < inputs.size(); k++) {
                assertArrayEquals(copied[k], fused[k], 0.0, name + ": input " + k + " scaled as read");
            }
            double[][] skipped = buffers(inputs, 0.0);
            skipped[0] = null;
            evidence.backward(rowAdjoints, skipped);
            for (int k = 1; k < inputs.size(); k++) {
                assertArrayEquals(once[k], skipped[k], 1e-15, name + ": the other inputs are unaffected");
            }
        }
    }

    @Test
    void withoutAGradientThereAreNoInputsAndBackwardDoesNothing() {
        for (Map.Entry<String, Evidence> kind : kinds(Tensor.vector(0.3, -0.4, 0.8)).entrySet()) {
            assertEquals(List.of(), kind.getValue().inputs(), kind.getKey());
            kind.getValue().backward(new double[10], new double[0][]);
        }
    }

    /** One evidence of every kind over 5 steps in two sequences, reading {@code theta}. */
    private static Map<String, Evidence> kinds(Tensor theta) {
        ObservedData bits = TONES.bind(List.of(new double[][] {{1, 0, 1}, {0, 0, 1}, {1, 1, 1}},
                new double[][] {{0, 1, 0}, {1, 0, 0}}));
        ObservedData categories = STEPS.bind(List.of(new int[] {0, 2, 1}, new int[] {2, 2}));
        ObservedData reals = STEPS.bind(List.of(new double[] {0.5, -1, 2}, new double[] {0.1, 0.2}));
        EvidenceMethod.OfParents bernoulli = (v, p) -> Bernoulli.ofLogits(theta.mul(1.0 + p[0]));
        return Map.of(
                "dense", DenseEvidence.of(reals, X, (v, p) -> Normal.of(theta.select(0, p[0]), Tensor.scalar(1))),
                "bernoulli", BernoulliEvidence.of(bits, X, bernoulli),
                "categorical", CategoricalEvidence.of(categories, X, (v, p) -> Categorical.ofLogits(theta.mul(p[0]))),
                "autoregressive", AutoregressiveBernoulliEvidence.of(bits, X, 0,
                        (v, p, previous) -> Bernoulli.ofLogits(theta.mul(1.0 + p[0]).add(previous))),
                "per instance", PerInstanceEvidence.of(reals, X, List.of(DataParent.of("before", reals, 1)),
                        (v, p, d) -> Normal.of(d[0] == null ? theta.select(0, p[0]) : d[0].add(theta.select(0, 2)),
                                Tensor.scalar(1))),
                "batched", BatchedEvidence.of(bits, X, List.of(DataParent.of("previous", bits, 1, 0.0)),
                        (v, p, d) -> Bernoulli.ofLogits(d[0].sum(-1, true).add(theta.mul(1.0 + p[0])))));
    }

    private static double[][] buffers(List<Tensor> inputs, double value) {
        double[][] buffers = new double[inputs.size()][];
        for (int k = 0; k < buffers.length; k++) {
            buffers[k] = new double[inputs.get(k).numElements()];
            java.util.Arrays.fill(buffers[k], value);
        }
        return buffers;
    }
}
