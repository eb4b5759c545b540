package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A site's scale (Pyro's poutine.scale, KL annealing) is positive and finite; its mask holds only 0 and 1. */
class SiteOptionsTest {

    @Test
    void theScaleMustBePositiveAndFinite() {
        assertEquals(Double.MIN_VALUE, new SiteOptions(Double.MIN_VALUE, null).scale());
        for (double bad : new double[] {0.0, -0.5, Double.POSITIVE_INFINITY, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SiteOptions(bad, null));
            assertTrue(e.getMessage().contains("got " + bad), e.getMessage());
        }
    }

    @Test
    void aMaskHoldsZerosAndOnesAndNamesTheFirstEntryThatIsNot() {
        assertEquals(2, new SiteOptions(1.0, Tensor.vector(0, 1)).mask().numElements());
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> new SiteOptions(1.0, Tensor.vector(1, 0, 0.5)));
        assertTrue(half.getMessage().startsWith("mask[2] = 0.5"), half.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SiteOptions(1.0, Tensor.vector(2, 1)));
        assertThrows(IllegalArgumentException.class, () -> new SiteOptions(1.0, Tensor.vector(Double.NaN)));
    }
}
