package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Impossible evidence in models that run in log space (a transition column spanning 900 nats): the marginals and the
 * sampler name the first impossible step, as the scaled passes do, and the likelihood is {@code -Infinity}.
 */
class LogSpaceImpossibleEvidenceTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;
    private static final double[] LOG_INIT = {Math.log(0.25), Math.log(0.75)};
    private static final double[][] WIDE = {{0.0, -900.75}, {-1.5, 0.0}};

    @Test
    void marginalsAndSamplesNameALaterImpossibleStep() {
        double[][] logEvidence = {{-1.0, -2.0}, {-0.5, -0.25}, {NEG_INF, NEG_INF}, {-1.0, -1.0}};
        assertEquals(2, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.marginals(LOG_INIT, WIDE, logEvidence)).firstImpossibleStep());
        assertEquals(2, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.samplePosterior(LOG_INIT, WIDE, logEvidence, Rng.seeded(3))).firstImpossibleStep());
        assertEquals(NEG_INF, ChainKernels.logLikelihood(LOG_INIT, WIDE, logEvidence));
    }

    @Test
    void marginalsAndSamplesNameAnImpossibleFirstStep() {
        double[][] logEvidence = {{NEG_INF, NEG_INF}, {-0.5, -0.25}};
        assertEquals(0, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.marginals(LOG_INIT, WIDE, logEvidence)).firstImpossibleStep());
        assertEquals(0, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.samplePosterior(LOG_INIT, WIDE, logEvidence, Rng.seeded(4))).firstImpossibleStep());
    }
}
