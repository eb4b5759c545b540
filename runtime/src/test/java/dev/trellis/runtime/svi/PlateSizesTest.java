package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Plate sizes bound from the observed data (or given), as generated constructors bind them; sites must agree. */
class PlateSizesTest {

    @Test
    void aPlateTakesItsSizeFromTheDataAndEverySiteMustAgree() {
        PlateSizes sizes = new PlateSizes();
        assertSame(sizes, sizes.bind("users", "x", Tensor.zeros(4, 3), 0).bind("items", "x", Tensor.zeros(4, 3), 1));
        assertEquals(4, sizes.size("users"));
        assertEquals(3, sizes.size("items"));
        sizes.bind("users", "y", Tensor.zeros(4), 0);   // agreeing again is fine
        SiteException disagree = assertThrows(SiteException.class, () -> sizes.bind("users", "z", Tensor.zeros(5), 0));
        assertTrue(disagree.getMessage().contains("observed data has 5 members along plate 'users' but site 'x' gives "
                + "it 4"), disagree.getMessage());
        SiteException tooFew = assertThrows(SiteException.class, () -> sizes.bind("items", "y", Tensor.zeros(4), 1));
        assertTrue(tooFew.getMessage().contains("has no dimension 1 for plate 'items'"), tooFew.getMessage());
    }

    @Test
    void aSizeGivenForAPlateWithoutDataIsCheckedLikeTheOthers() {
        PlateSizes sizes = new PlateSizes().bindSize("draws", 0).bindSize("draws", 0);
        assertEquals(0, sizes.size("draws"));
        assertThrows(IllegalArgumentException.class, () -> sizes.bindSize("draws", 2));
        assertThrows(IllegalArgumentException.class, () -> sizes.bindSize("other", -1));
        IllegalStateException unbound = assertThrows(IllegalStateException.class, () -> sizes.size("missing"));
        assertTrue(unbound.getMessage().contains("plate 'missing' has no size"), unbound.getMessage());
        IllegalArgumentException given = assertThrows(IllegalArgumentException.class,
                () -> new PlateSizes().bind("p", "x", Tensor.zeros(3), 0).bindSize("p", 2));
        assertTrue(given.getMessage().startsWith("the size given for it has 2 members along plate 'p' but site 'x' "
                + "gives it 3"), given.getMessage());
    }
}
