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
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * hmm.py's model_2 emission, {@code y_t[d] ~ Bernoulli(f(x_t, y_{t-1}[d], d))}: rows against each instance's own
 * {@code logProb} given its previous row, the initial value, boundary variants, the check that members read only
 * their own previous value, the backward pass and errors.
 */
class AutoregressiveBernoulliEvidenceTest {

    private static final int K = 3;
    private static final int D = 5;
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").folded("tones")
            .build();
    private static final EnumeratedParents X = EnumeratedParents.current(new String[] {"x"}, new int[] {K});

    private final SplittableRandom random = new SplittableRandom(51);
    private final Tensor level = Tensor.of(EvidenceChecks.uniform(random, K * D, -2, 2), K, D);
    private final Tensor memory = Tensor.of(EvidenceChecks.uniform(random, K * D, -2, 2), K, D);
    private final ObservedData data = LEVELS.bind(EvidenceChecks.binarySequences(random, new int[] {6, 0, 4, 1}, D));

    @Test
    void rowsAreEachInstancesLogProbabilityGivenItsPreviousRow() {
        for (double initial : new double[] {0, 1}) {
            AutoregressiveBernoulliEvidence evidence = AutoregressiveBernoulliEvidence.of(data, X, initial,
                    (v, p, previous) -> emission(level, memory, p[0], previous));
            int[] steps = data.steps();
            double[] expected = new double[data.instances() * K];
            for (int i = 0; i < data.instances(); i++) {
                Tensor previous = steps[i] == 0 ? Tensor.full(initial, D) : data.row(i - 1);
                for (int x = 0; x < K; x++) {
                    expected[i * K + x] = emission(level, memory, x, previous).logProb(data.row(i)).sum().item();
                }
            }
            assertRowsClose(expected, rows(evidence), "initial " + initial);
            assertArrayEquals(rows(evidence), EvidenceChecks.rowsInBlocks(evidence, 4));
        }
    }

    @Test
    void aLaggedEnumeratedParentGivesABoundaryVariant() {
        EnumeratedParents parents = EnumeratedParents.of(new String[] {"x", "before"}, new int[] {K, K},
                new int[] {0, 1});
        EvidenceMethod.OfPrevious method = (v, p, previous) -> emission(level, v == 0 ? memory
                : memory.add(level.select(0, p[1])), p[0], previous);
        AutoregressiveBernoulliEvidence evidence = AutoregressiveBernoulliEvidence.of(data, parents, 0, method);
        int[] steps = data.steps();
        double[] expected = new double[data.instances() * K * K];
        for (int i = 0; i < data.instances(); i++) {
            Tensor previous = steps[i] == 0 ? Tensor.zeros(D) : data.row(i - 1);
            int variant = Math.min(steps[i], 1);
            for (int c = 0; c < K * K; c++) {
                int[] assignment = {c / K, variant == 0 ? -1 : c % K};
                expected[i * K * K + c] = method.call(variant, assignment, previous).logProb(data.row(i)).sum()
                        .item();
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
    }

    @Test
    void aMemberReadingItsNeighboursPreviousValueIsReported() {
        SiteException e = assertThrows(SiteException.class, () -> AutoregressiveBernoulliEvidence.of(data, X, 0,
                (v, p, previous) -> emission(level, memory, p[0], roll(previous, 1))));
        assertEquals("y", e.site());
        assertEquals("x = 0, member tones[0]", e.where());
        assertTrue(e.problem().startsWith("its distribution depends on other members' previous values (log p(1) = "),
                e.problem());
        assertTrue(e.problem().endsWith("from its own previous value 0); an observation vectorised over a folded "
                + "plate may read only its own member's previous value"), e.problem());
    }

    @Test
    void aMemberReadingAMemberOfTheSameParityIsReportedToo() {
        // Member d reads member d + 2 of 4: the alternating pattern 0101 alone (member d's bit 0) cannot see it.
        DataLevels levels = DataLevels.of("y").plate("sequences").plate("time").folded("tones").build();
        ObservedData four = levels.bind(EvidenceChecks.binarySequences(random, new int[] {3}, 4));
        Tensor weights = Tensor.of(EvidenceChecks.uniform(random, K * 4, 0.5, 1.5), K, 4);
        SiteException e = assertThrows(SiteException.class, () -> AutoregressiveBernoulliEvidence.of(four, X, 0,
                (v, p, previous) -> Bernoulli.ofLogits(weights.select(0, p[0]).mul(roll(previous, 2)))));
        assertEquals("x = 0, member tones[0]", e.where());
    }

    @Test
    void aDependenceOnOtherMembersOfRoundingSizeIsAcceptedAndOneBeyondTheToleranceIsNot() {
        // Every member's logit is eps times the number of members that were on: at logit 0 a mixed pattern moves
        // log p(0) and log p(1) = log 1/2 by eps / 2, i.e. eps / (2 log 2) relative; the tolerance is 1e-12 relative.
        DataLevels levels = DataLevels.of("y").plate("sequences").plate("time").folded("tones").build();
        ObservedData two = levels.bind(EvidenceChecks.binarySequences(random, new int[] {4, 2}, 2));
        AutoregressiveBernoulliEvidence rounding = AutoregressiveBernoulliEvidence.of(two, X, 0,
                (v, p, previous) -> Bernoulli.ofLogits(Tensor.full(1e-14 * previous.sum().item(), 2)));
        assertEquals(two.instances() * K, rows(rounding).length);
        SiteException e = assertThrows(SiteException.class, () -> AutoregressiveBernoulliEvidence.of(two, X, 0,
                (v, p, previous) -> Bernoulli.ofLogits(Tensor.full(2.4e-12 * previous.sum().item(), 2))));
        assertEquals("x = 0, member tones[0]", e.where());
    }

    @Test
    void aMemberWhoseLogProbabilityOfZeroAloneReadsOtherMembersIsReported() {
        SiteException e = assertThrows(SiteException.class, () -> AutoregressiveBernoulliEvidence.of(data, X, 0,
                (v, p, previous) -> new ForwardingDistribution(emission(level, memory, p[0], previous)) {
                    @Override
                    public Tensor logProb(Tensor value) {
                        Tensor own = inner.logProb(value);
                        return value.sum().item() == 0 ? own.add(0.1 * previous.sum().item()) : own;
                    }
                }));
        assertEquals("x = 0, member tones[0]", e.where());
        assertTrue(e.problem().startsWith("its distribution depends on other members' previous values (log p(0) = "),
                e.problem());
    }

    @Test
    void theBackwardPassAgreesWithFiniteDifferencesThroughTheTape() {
        GradientChecker.check("autoregressive Bernoulli evidence", inputs -> EvidenceChecks.differentiableRows(
                AutoregressiveBernoulliEvidence.of(data, X, 1, (v, p, previous) -> emission(inputs[0], inputs[1], p[0],
                        previous))), level, memory);
    }

    @Test
    void dataAndInitialValuesMustBeZeroOrOne() {
        ObservedData soft = LEVELS.bind(List.<double[][]>of(new double[][] {{0, 1, 0, 0.5, 1}}));
        assertMessage("site 'y' at sequences[0].time[0].tones[3]: observed value 0.5 is not 0 or 1; a Bernoulli "
                + "observation read as a later step's previous value must be 0 or 1",
                () -> AutoregressiveBernoulliEvidence.of(soft, X, 0, (v, p, previous) -> Bernoulli.of(0.5)));
        assertMessage("site 'y': the value before the first step is 0.5; it is read as a previous value, so it must be "
                + "0 or 1", () -> AutoregressiveBernoulliEvidence.of(data, X, 0.5, (v, p, previous) ->
                        Bernoulli.of(0.5)));
        assertMessage("site 'y' at x = 2: log p(1) of member tones[0] is NaN", () -> AutoregressiveBernoulliEvidence
                .of(data, X, 0, (v, p, previous) -> p[0] == 2 ? new FixedLogProbs(-1, Double.NaN)
                        : Bernoulli.of(0.5)));
    }

    @Test
    void dataWithAnEventDimensionOrWithoutAPlateIsNoAutoregressiveObservation() {
        ObservedData events = DataLevels.of("y").plate("sequences").plate("time").event().build().bind(
                List.<double[][]>of(new double[][] {{0, 1}}));
        ObservedData unplated = DataLevels.of("y").folded("tones").build().bind(new double[] {0, 1});
        for (ObservedData bad : List.of(events, unplated)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AutoregressiveBernoulliEvidence.of(bad, X, 0, (v, p, previous) -> Bernoulli.of(0.5)));
            assertEquals("site 'y': an autoregressive Bernoulli observation has a Markov plate and no event dimension",
                    e.getMessage());
        }
    }

    /** {@code Bernoulli(logits = level[x] + memory[x] * previous)}, member by member. */
    private static Bernoulli emission(Tensor level, Tensor memory, int x, Tensor previous) {
        return Bernoulli.ofLogits(level.select(0, x).add(memory.select(0, x).mul(previous)));
    }

    /** {@code out[d] = previous[(d + by) % D]}: each member reads another member's previous value. */
    private static Tensor roll(Tensor previous, int by) {
        int n = previous.size(0);
        int[] order = new int[n];
        for (int d = 0; d < n; d++) {
            order[d] = (d + by) % n;
        }
        return previous.index(0, order);
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(SiteException.class, call).getMessage());
    }
}
