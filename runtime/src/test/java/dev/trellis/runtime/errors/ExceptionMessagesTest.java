package dev.trellis.runtime.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ExceptionMessagesTest {

    @Test
    void siteExceptionMessageNamesSiteLocationAndProblem() {
        SiteException e = new SiteException("activity", "days[3]", "observed value 5 is outside the support 0..2");
        assertEquals("site 'activity' at days[3]: observed value 5 is outside the support 0..2", e.getMessage());
        assertEquals("activity", e.site());
        assertEquals("days[3]", e.where());
        assertEquals("observed value 5 is outside the support 0..2", e.problem());
        assertInstanceOf(TrellisException.class, e);
    }

    @Test
    void aGlobalSiteHasNoLocationInItsMessage() {
        SiteException e = new SiteException("pi", null, "returned null");
        assertEquals("site 'pi': returned null", e.getMessage());
        assertEquals("", e.where());
        assertEquals("site 'pi': returned null", new SiteException("pi", "", "returned null").getMessage());
    }

    @Test
    void siteExceptionKeepsItsCause() {
        RuntimeException cause = new IllegalStateException("boom");
        assertSame(cause, new SiteException("x", "days[0]", "boom", cause).getCause());
    }

    @Test
    void impossibleEvidenceNamesTheFirstImpossibleStep() {
        ImpossibleEvidenceException e = new ImpossibleEvidenceException(7);
        assertEquals(7, e.firstImpossibleStep());
        assertEquals("the evidence has probability zero: at step 7 every state is ruled out by the observations up"
                + " to that step and the model's zero probabilities", e.getMessage());
        assertEquals("viterbi: the evidence has probability zero: at step 0 every state is ruled out by the"
                + " observations up to that step and the model's zero probabilities",
                new ImpossibleEvidenceException(0, "viterbi").getMessage());
        assertInstanceOf(TrellisException.class, e);
    }
}
