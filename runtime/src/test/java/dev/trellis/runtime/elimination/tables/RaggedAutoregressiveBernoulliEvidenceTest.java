package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.assertRowsClose;
import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * hmm.py's model_2 emission over a ragged folded plate: each sequence its own number of voices, every step of a
 * sequence the same. Rows against each row's own {@code logProb} given its previous row, boundary variants, blocks,
 * the backward pass, the calls made per row shape, and the errors.
 */
class RaggedAutoregressiveBernoulliEvidenceTest {

    private static final int K = 3;
    private static final int[] LENGTHS = {4, 3, 0, 2, 3};
    private static final int[] VOICES = {3, 0, 1, 2, 1};
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").folded("voices")
            .build();
    private static final EnumeratedParents X = EnumeratedParents.current(new String[] {"x"}, new int[] {K});

    private final SplittableRandom random = new SplittableRandom(91);
    private final Tensor level = Tensor.of(EvidenceChecks.uniform(random, K, -2, 2), K);
    private final Tensor memory = Tensor.of(EvidenceChecks.uniform(random, K, -2, 2), K);
    private final ObservedData data = LEVELS.bind(sequences(LENGTHS, VOICES));

    @Test
    void rowsAreEachStepsLogProbabilityGivenItsPreviousStep() {
        assertTrue(data.isRagged());
        EnumeratedParents parents = EnumeratedParents.of(new String[] {"x", "before"}, new int[] {K, K},
                new int[] {0, 1});
        EvidenceMethod.OfPrevious method = (v, p, previous) -> emission(level, v == 0 ? memory
                : memory.add(level.select(0, p[1])), p[0], previous);
        for (double initial : new double[] {0, 1}) {
            AutoregressiveBernoulliEvidence evidence = AutoregressiveBernoulliEvidence.of(data, parents, initial,
                    method);
            int[] steps = data.steps();
            double[] expected = new double[data.instances() * K * K];
            for (int i = 0; i < data.instances(); i++) {
                Tensor previous = steps[i] == 0 ? Tensor.full(initial, data.foldedShape(i)) : data.row(i - 1);
                int variant = Math.min(steps[i], 1);
                for (int c = 0; c < K * K; c++) {
                    int[] assignment = {c / K, variant == 0 ? -1 : c % K};
                    expected[i * K * K + c] = data.rowWidth(i) == 0 ? 0.0 : method.call(variant, assignment,
                            previous).logProb(data.row(i)).sum().item();
                }
            }
            double[] actual = rows(evidence);
            assertRowsClose(expected, actual, "initial " + initial);
            for (int block : new int[] {1, 3, 5}) {
                assertArrayEquals(actual, EvidenceChecks.rowsInBlocks(evidence, block), "blocks of " + block);
            }
        }
    }

    @Test
    void theMethodIsCalledPerRowShapeWithPreviousValuesOfThatShape() {
        List<List<Integer>> shapes = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        AutoregressiveBernoulliEvidence.of(data, X, 0, (v, p, previous) -> {
            calls.incrementAndGet();
            List<Integer> shape = List.of(previous.size(0));
            if (!shapes.contains(shape)) {
                shapes.add(shape);
            }
            return emission(level, memory, p[0], previous);
        });
        assertEquals(List.of(List.of(3), List.of(2), List.of(1)), shapes, "none for the sequence without voices");
        // Per shape: two calls per cell, and for the first cell one mixed pattern per bit of the member index.
        assertEquals(3 * 2 * K + 2 + 1, calls.get());
    }

    @Test
    void theBackwardPassAgreesWithFiniteDifferencesThroughTheTape() {
        GradientChecker.check("ragged autoregressive Bernoulli evidence", inputs -> EvidenceChecks
                .differentiableRows(AutoregressiveBernoulliEvidence.of(data, X, 1, (v, p, previous) -> emission(
                        inputs[0], inputs[1], p[0], previous))), level, memory);
    }

    @Test
    void aSequenceWhoseStepsHaveOtherMembersIsAnErrorNamingTheStep() {
        List<double[][]> changing = sequences(new int[] {2}, new int[] {2});
        changing.add(new double[][] {{1, 0}, {0, 1}, {1}});
        SiteException e = assertThrows(SiteException.class, () -> AutoregressiveBernoulliEvidence.of(
                LEVELS.bind(changing), X, 0, (v, p, previous) -> emission(level, memory, p[0], previous)));
        assertEquals("site 'y' at sequences[1].time[2]: has folded plates [1] but the step before it has [2]; a site "
                + "that reads its own previous value member by member needs the same members at every step of a "
                + "sequence", e.getMessage());
    }

    @Test
    void failuresNameTheFirstRowOfTheirShape() {
        SiteException neighbour = assertThrows(SiteException.class, () -> AutoregressiveBernoulliEvidence.of(data, X,
                0, (v, p, previous) -> previous.size(0) == 2 ? Bernoulli.ofLogits(level.select(0, p[0])
                        .add(previous.index(0, new int[] {1, 0}))) : emission(level, memory, p[0], previous)));
        assertEquals("sequences[3].time[0], x = 0, member voices[0]", neighbour.where());
        SiteException thrown = assertThrows(SiteException.class, () -> AutoregressiveBernoulliEvidence.of(data, X,
                0, (v, p, previous) -> {
                    if (previous.size(0) == 1 && p[0] == 2) {
                        throw new IllegalArgumentException("no single voice");
                    }
                    return emission(level, memory, p[0], previous);
                }));
        assertEquals("site 'y' at sequences[4].time[0], x = 2: no single voice", thrown.getMessage());
    }

    /** {@code Bernoulli(logits = level[x] + memory[x] * previous)}, member by member, for any number of members. */
    private static Bernoulli emission(Tensor level, Tensor memory, int x, Tensor previous) {
        return Bernoulli.ofLogits(level.select(0, x).add(memory.select(0, x).mul(previous)));
    }

    private List<double[][]> sequences(int[] lengths, int[] voices) {
        List<double[][]> result = new ArrayList<>();
        for (int s = 0; s < lengths.length; s++) {
            double[][] steps = new double[lengths[s]][voices[s]];
            for (double[] step : steps) {
                for (int d = 0; d < step.length; d++) {
                    step[d] = random.nextDouble() < 0.5 ? 1 : 0;
                }
            }
            result.add(steps);
        }
        return result;
    }
}
