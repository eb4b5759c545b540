package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * {@link BernoulliEmissions} where the zero-probability handling is easiest to get wrong: a tone that is on at
 * every step, a table that is {@code -Infinity} everywhere, and the shape checks of the adjoint.
 */
class BernoulliEmissionsEdgeCasesTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void aToneOnAtEveryStepRulesOutTheStateThatCannotEmitItAtEveryStep() {
        // Tone 0 is on at both steps; state 1 has p(tone 0 on) = 0, so state 1 is impossible at both steps.
        BernoulliObservations y = BernoulliObservations.of(new double[][] {{1, 0}, {1, 1}}, 2);
        DMatrixRMaj logP1 = new DMatrixRMaj(new double[][] {{Math.log(0.5), Math.log(0.25)}, {NEG_INF, Math.log(0.75)}});
        DMatrixRMaj logP0 = new DMatrixRMaj(new double[][] {{Math.log(0.5), Math.log(0.75)}, {0.0, Math.log(0.25)}});
        DMatrixRMaj out = new DMatrixRMaj(1, 1);
        BernoulliEmissions.logEvidence(y, logP1, logP0, out);
        assertEquals(Math.log(0.5) + Math.log(0.75), out.get(0, 0), 1e-15);
        assertEquals(Math.log(0.5) + Math.log(0.25), out.get(1, 0), 1e-15);
        assertEquals(NEG_INF, out.get(0, 1));
        assertEquals(NEG_INF, out.get(1, 1));
    }

    @Test
    void aTableThatIsMinusInfinityEverywhereRulesOutEveryStepWhereAToneIsOn() {
        // p = 0 for every state and tone: a step with all tones off has log-evidence 0, any tone on makes it -inf.
        BernoulliObservations y = BernoulliObservations.of(new double[][] {{0, 0}, {0, 1}, {1, 1}}, 2);
        DMatrixRMaj logP1 = new DMatrixRMaj(new double[][] {{NEG_INF, NEG_INF}, {NEG_INF, NEG_INF}});
        DMatrixRMaj logP0 = new DMatrixRMaj(2, 2);
        DMatrixRMaj out = new DMatrixRMaj(1, 1);
        BernoulliEmissions.logEvidence(y, logP1, logP0, out);
        for (int k = 0; k < 2; k++) {
            assertEquals(0.0, out.get(0, k), 0.0);
            assertEquals(NEG_INF, out.get(1, k));
            assertEquals(NEG_INF, out.get(2, k));
        }
    }

    @Test
    void theAdjointRejectsMatricesOfTheWrongShapeNamingThem() {
        BernoulliObservations y = BernoulliObservations.of(new double[][] {{0, 1}, {1, 1}, {0, 0}}, 2);
        DMatrixRMaj dEvidence = new DMatrixRMaj(3, 4);
        assertShapeError("dEvidence is 2 x 4 but must be 3 x 4",
                () -> BernoulliEmissions.addAdjoints(y, new DMatrixRMaj(2, 4), new DMatrixRMaj(4, 2),
                        new DMatrixRMaj(4, 2)));
        assertShapeError("dLogP1 is 4 x 3 but must be 4 x 2",
                () -> BernoulliEmissions.addAdjoints(y, dEvidence, new DMatrixRMaj(4, 3), new DMatrixRMaj(4, 2)));
        assertShapeError("dLogP0 is 3 x 2 but must be 4 x 2",
                () -> BernoulliEmissions.addAdjoints(y, dEvidence, new DMatrixRMaj(4, 2), new DMatrixRMaj(3, 2)));
    }

    @Test
    void theAdjointAddsToWhatTheMatricesHold() {
        BernoulliObservations y = BernoulliObservations.of(new double[][] {{0, 1}, {1, 1}}, 2);
        DMatrixRMaj dEvidence = new DMatrixRMaj(new double[][] {{0.5, 2.0}, {0.25, 1.0}});
        DMatrixRMaj dLogP1 = new DMatrixRMaj(new double[][] {{1, 1}, {1, 1}});
        DMatrixRMaj dLogP0 = new DMatrixRMaj(new double[][] {{1, 1}, {1, 1}});
        BernoulliEmissions.addAdjoints(y, dEvidence, dLogP1, dLogP0);
        // dLogP1[k][d] += sum_t dEvidence[t][k] y[t][d]; dLogP0[k][d] += sum_t dEvidence[t][k] (1 - y[t][d]).
        assertEquals(1 + 0.25, dLogP1.get(0, 0), 0.0);
        assertEquals(1 + 0.5 + 0.25, dLogP1.get(0, 1), 0.0);
        assertEquals(1 + 1.0, dLogP1.get(1, 0), 0.0);
        assertEquals(1 + 2.0 + 1.0, dLogP1.get(1, 1), 0.0);
        assertEquals(1 + 0.5, dLogP0.get(0, 0), 0.0);
        assertEquals(1.0, dLogP0.get(0, 1), 0.0);
        assertEquals(1 + 2.0, dLogP0.get(1, 0), 0.0);
        assertEquals(1.0, dLogP0.get(1, 1), 0.0);
    }

    private static void assertShapeError(String expected, Runnable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }
}
