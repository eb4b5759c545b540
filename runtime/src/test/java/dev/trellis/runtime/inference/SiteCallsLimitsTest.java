package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.errors.SiteException;
import org.junit.jupiter.api.Test;

/** The checks of {@link SiteCalls} exactly at their limits: the smallest and largest values each one accepts. */
class SiteCallsLimitsTest {

    @Test
    void aSequenceOfOneStepIsAccepted() {
        assertEquals(1, SiteCalls.checkLength("activity", "days", 1));
    }

    @Test
    void theFirstAndLastValuesOfTheSupportAreAcceptedAndTheOneAfterIsNot() {
        assertEquals(0, SiteCalls.checkObserved("activity", "days", 1, 0, 3));
        assertEquals(2, SiteCalls.checkObserved("activity", "days", 2, 2, 3));
        SiteException e = assertThrows(SiteException.class,
                () -> SiteCalls.checkObserved("activity", "days", 4, 3, 3));
        assertEquals("site 'activity' at days[4]: observed value 3 is outside the support 0..2", e.getMessage());
    }

    @Test
    void anExpectedSizeOfZeroIsASizeNotAWildcard() {
        // Only a negative expected size means "any"; 0 is checked like every other size.
        SiteException e = assertThrows(SiteException.class,
                () -> SiteCalls.logProbTable("weather", "days[0]", Categorical.ofProbs(0.5, 0.5), 0));
        assertEquals("site 'weather' at days[0]: has 2 categories but the model expects 0", e.getMessage());
    }
}
