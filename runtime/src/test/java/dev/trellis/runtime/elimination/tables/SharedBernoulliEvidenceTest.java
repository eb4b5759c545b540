package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sparse Bernoulli evidence tabulated once over all the members of a step and read {@link BernoulliEvidence#over} each
 * block's data: the rows and the inputs' adjoints are those of evidence tabulated over the block alone, also for a
 * block without the boundary variant's or the inner variant's rows, and the inputs are the same tensors.
 */
class SharedBernoulliEvidenceTest {

    private static final int K = 3;
    private static final int D = 4;
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").folded("tones")
            .build();
    /** x now and x one step before: variant 0 at the first step of a sequence, 1 after it. */
    private static final EnumeratedParents X_AND_BEFORE = EnumeratedParents.of(new String[] {"x", "before"},
            new int[] {K, K}, new int[] {0, 1});

    private final SplittableRandom random = new SplittableRandom(7);
    private final Tensor logits = Tensor.variable(Tensor.of(EvidenceChecks.uniform(random, K * D, -2, 2), K, D));
    private final Tensor shift = Tensor.variable(Tensor.of(EvidenceChecks.uniform(random, K, -1, 1), K));
    /** Sequence 1 has one step, so a block of it alone has only variant 0's rows. */
    private final ObservedData data = LEVELS.bind(EvidenceChecks.binarySequences(random, new int[] {5, 1, 7, 2}, D));

    private BernoulliEvidence tabulate(ObservedData over) {
        return BernoulliEvidence.of(over, X_AND_BEFORE, (v, p) -> {
            Tensor row = logits.select(0, p[0]);
            return Bernoulli.ofLogits(v >= 1 ? row.add(shift.select(0, p[1])) : row);
        });
    }

    @Test
    void blocks_read_the_rows_and_give_the_adjoints_of_evidence_tabulated_over_them_alone() {
        BernoulliEvidence shared = tabulate(data);
        for (int[] block : new int[][] {{1}, {0, 2, 3}, {3}, {0, 1, 2, 3}}) {
            ObservedData blockData = data.subsample(block);
            BernoulliEvidence over = shared.over(blockData);
            assertNotNull(over, "block " + java.util.Arrays.toString(block));
            assertArrayEquals(rows(tabulate(blockData)), rows(over), "rows");
            assertEquals(shared.inputs().size(), over.inputs().size());
            for (int k = 0; k < shared.inputs().size(); k++) {
                assertSame(shared.inputs().get(k), over.inputs().get(k), "input " + k + " is the shared tensor");
            }
            double[] rowAdjoints = EvidenceChecks.uniform(random, over.instances() * over.cells(), -1, 1);
            double[][] fromShared = adjoints(shared);
            over.backward(rowAdjoints, 1.0, fromShared);
            BernoulliEvidence own = tabulate(blockData);
            double[][] fromOwn = adjoints(own);
            own.backward(rowAdjoints, 1.0, fromOwn);
            // the block's own tabulation has only its variants' inputs; the shared one's others stay 0
            List<String> sharedNames = shared.inputNames();
            List<String> ownNames = own.inputNames();
            for (int k = 0; k < sharedNames.size(); k++) {
                int at = ownNames.indexOf(sharedNames.get(k));
                double[] expected = at < 0 ? new double[fromShared[k].length] : fromOwn[at];
                assertArrayEquals(expected, fromShared[k], sharedNames.get(k));
            }
        }
    }

    @Test
    void adjoints_added_in_place_into_a_vector_are_the_bits_of_backward_into_arrays_per_input() {
        BernoulliEvidence shared = tabulate(data);
        for (int[] block : new int[][] {{1}, {0, 2, 3}, {0, 1, 2, 3}}) {
            BernoulliEvidence over = shared.over(data.subsample(block));
            assertNotNull(over);
            double[] rowAdjoints = EvidenceChecks.uniform(random, over.instances() * over.cells(), -1, 1);
            double[][] perInput = adjoints(over);
            over.backward(rowAdjoints, 1.0, perInput);
            // the inputs side by side after a prefix, in a vector that already holds values
            int[] offsets = new int[perInput.length];
            int length = 5;
            for (int k = 0; k < perInput.length; k++) {
                offsets[k] = length;
                length += perInput[k].length + 2;
            }
            double[] before = EvidenceChecks.uniform(random, length, -1, 1);
            double[] inPlace = before.clone();
            over.backwardInto(rowAdjoints, inPlace, offsets);
            double[] viaArrays = before.clone();
            defaultBackwardInto(over, rowAdjoints, viaArrays, offsets);
            assertArrayEquals(viaArrays, inPlace, "block " + java.util.Arrays.toString(block));
            for (int k = 0; k < perInput.length; k++) {
                for (int j = 0; j < perInput[k].length; j++) {
                    assertEquals(before[offsets[k] + j] + perInput[k][j], inPlace[offsets[k] + j]);
                }
                assertEquals(before[offsets[k] + perInput[k].length], inPlace[offsets[k] + perInput[k].length],
                        "entries between the inputs are left alone");
            }
        }
    }

    /** {@link SharedInputEvidence#backwardInto}'s default: through an array per input. */
    private static void defaultBackwardInto(BernoulliEvidence evidence, double[] rowAdjoints, double[] out,
                                            int[] offsets) {
        SharedInputEvidence viaDefault = new SharedInputEvidence() {
            @Override
            public SharedInputEvidence over(ObservedData data) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> inputNames() {
                return evidence.inputNames();
            }

            @Override
            public String site() {
                return evidence.site();
            }

            @Override
            public int instances() {
                return evidence.instances();
            }

            @Override
            public int cells() {
                return evidence.cells();
            }

            @Override
            public void fill(int from, int to, double[] rows, int at) {
                evidence.fill(from, to, rows, at);
            }

            @Override
            public List<Tensor> inputs() {
                return evidence.inputs();
            }

            @Override
            public void backward(double[] adjoints, double[][] inputAdjoints) {
                evidence.backward(adjoints, inputAdjoints);
            }
        };
        viaDefault.backwardInto(rowAdjoints, out, offsets);
    }

    @Test
    void a_tabulation_without_a_variant_cannot_serve_data_that_have_its_rows() {
        BernoulliEvidence firstStepsOnly = tabulate(data.subsample(new int[] {1}));
        assertEquals(List.of("log p(1) at variant 0", "log p(0) at variant 0"), firstStepsOnly.inputNames());
        assertNull(firstStepsOnly.over(data.subsample(new int[] {0})));
        assertNotNull(firstStepsOnly.over(data.subsample(new int[] {1})));
    }

    @Test
    void input_names_do_not_depend_on_the_members() {
        assertEquals(tabulate(data).inputNames(), tabulate(data.subsample(new int[] {2, 3})).inputNames());
        assertEquals(List.of("log p(1) at variant 0", "log p(0) at variant 0", "log p(1) at variant 1",
                "log p(0) at variant 1"), tabulate(data).inputNames());
    }

    @Test
    void other_folded_plates_are_not_served() {
        ObservedData wider = LEVELS.bind(EvidenceChecks.binarySequences(random, new int[] {3}, D + 1));
        assertNull(tabulate(data).over(wider));
    }

    private static double[][] adjoints(BernoulliEvidence evidence) {
        double[][] out = new double[evidence.inputs().size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = new double[evidence.inputs().get(k).numElements()];
        }
        return out;
    }
}
