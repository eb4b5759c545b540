package dev.trellis.samples.hmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad data and bad parameters are exceptions that say what is wrong and where; nothing is clamped. */
class BadInputTest {
    private static final double[] PI = {0.6, 0.4};
    private static final double[][] A = {{0.7, 0.3}, {0.4, 0.6}};
    private static final double[][] B = {{0.1, 0.4, 0.5}, {0.6, 0.3, 0.1}};

    private static UncheckedHmmInference unchecked(double[] pi, double[][] a, double[][] b) {
        return new UncheckedHmmInference(new UncheckedHmm(pi, a, b));
    }

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message does not mention '" + part + "': " + message);
        }
    }

    @Test
    void observationOutsideTheSymbolsNamesSiteStepAndValue() {
        var inference = unchecked(PI, A, B);

        String m = message(SiteException.class, () -> inference.logLikelihood(new int[] {0, 1, 2, 3, 0}));

        assertMentions(m, "site 'symbol'", "time[3]", "observed value 3", "0..2");
        assertMentions(message(SiteException.class, () -> inference.marginals(new int[] {0, -1})), "time[1]", "-1");
    }

    @Test
    void negativeProbabilityNamesSiteConditionIndexAndValue() {
        var inference = unchecked(PI, new double[][] {{0.7, 0.3}, {-0.1, 1.1}}, B);

        String m = message(SiteException.class, () -> inference.logLikelihood(new int[] {0, 1}));

        assertMentions(m, "site 'state'", "previous = 1", "probs[0] = -0.1", "negative");
    }

    @Test
    void nanProbabilityNamesSiteConditionAndIndex() {
        var inference = unchecked(PI, A, new double[][] {{0.1, 0.4, 0.5}, {Double.NaN, 0.3, 0.7}});

        String m = message(SiteException.class, () -> inference.viterbi(new int[] {0}));

        assertMentions(m, "site 'symbol'", "state = 1", "probs[0]", "NaN");
    }

    @Test
    void probabilitiesThatDoNotSumToOneAreRejectedBeyondTheTolerance() {
        var inference = unchecked(new double[] {0.6, 0.3}, A, B);

        String m = message(SiteException.class, () -> inference.logLikelihood(new int[] {0}));

        assertMentions(m, "site 'state'", "previous = null", "sum to 0.8999999", "tolerance 1e-6");
        double withinTolerance = unchecked(new double[] {0.6, 0.4 + 5e-7}, A, B).logLikelihood(new int[] {0});
        assertTrue(Double.isFinite(withinTolerance));
    }

    @Test
    void mismatchedTableSizesAreCaughtByTheGeneratedCode() {
        double[][] threeByThree = {{0.2, 0.3, 0.5}, {0.2, 0.3, 0.5}, {0.2, 0.3, 0.5}};
        assertMentions(message(SiteException.class, () -> unchecked(PI, threeByThree, B).logLikelihood(new int[] {0})),
                "site 'state'", "previous = 0", "3", "2");

        double[][] ragged = {{0.1, 0.4, 0.5}, {0.7, 0.3}};
        assertMentions(message(SiteException.class, () -> unchecked(PI, A, ragged).logLikelihood(new int[] {0})),
                "site 'symbol'", "state = 1", "2", "3");

        double[][] oneRow = {{0.1, 0.4, 0.5}};
        assertMentions(message(SiteException.class, () -> unchecked(PI, A, oneRow).logLikelihood(new int[] {0})),
                "site 'symbol'", "state = 1");
    }

    @Test
    void mismatchedTableSizesAreCaughtWhenTheModelIsBuilt() {
        assertMentions(message(IllegalArgumentException.class, () -> new DiscreteHmm(Tensor.vector(PI),
                        Tensor.matrix(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), Tensor.matrix(B))),
                "A must be 2 x 2", "[3, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> new DiscreteHmm(Tensor.vector(PI),
                        Tensor.matrix(A), Tensor.matrix(new double[][] {{0.1, 0.9}, {0.5, 0.5}, {1, 0}}))),
                "B must have one row per state (2)", "[3, 2]");
    }

    @Test
    void anEmptySequenceHasProbabilityOneAndNoStates() {
        // As a plate with no members in Pyro: nothing observed, nothing to sum out.
        var inference = unchecked(PI, A, B);

        assertEquals(0.0, inference.logLikelihood(new int[0]));
        assertEquals(0, inference.marginals(new int[0]).state().length);
        assertEquals(0, inference.viterbi(new int[0]).state().length);
        assertEquals(0.0, inference.viterbi(new int[0]).logJoint());
        assertEquals(0, inference.simulate(0, Rng.seeded(1)).symbol().length);
        assertMentions(message(IllegalArgumentException.class, () -> inference.simulate(-1, Rng.seeded(1))), "negative");
    }

    @Test
    void impossibleEvidenceHasLogLikelihoodMinusInfinityAndNoPosterior() {
        // only state 0 emits symbol 2, but the chain starts in state 1 and never leaves it
        double[] pi = {0.0, 1.0};
        double[][] a = {{0.5, 0.5}, {0.0, 1.0}};
        double[][] b = {{0.0, 0.0, 1.0}, {0.5, 0.5, 0.0}};
        var inference = unchecked(pi, a, b);
        int[] impossible = {0, 1, 2, 0};

        assertEquals(Double.NEGATIVE_INFINITY, inference.logLikelihood(impossible));
        assertMentions(message(ImpossibleEvidenceException.class, () -> inference.marginals(impossible)), "2");
        assertThrows(ImpossibleEvidenceException.class, () -> inference.viterbi(impossible));
        assertThrows(ImpossibleEvidenceException.class, () -> inference.samplePosterior(impossible, Rng.seeded(1)));

        double possible = inference.logLikelihood(new int[] {0, 1, 1});
        assertEquals(Math.log(0.5 * 0.5 * 0.5), possible, 1e-15);
        for (double[] row : inference.marginals(new int[] {0, 1, 1}).state()) {
            assertEquals(0.0, row[0]);
            assertEquals(1.0, row[1]);
        }
    }
}
