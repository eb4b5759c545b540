package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What generated programs call to lay data out along plates: observed data moved to its plates' dims with size-1
 * dims between them and the event dims last, a plate's members taken along an axis, and values given by name.
 */
class ProgramSupportTest {

    private static Tensor counting(int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return Tensor.of(values, shape);
    }

    @Test
    void dataMovesToItsPlatesDimsWithSizeOneDimsBetweenAndTheEventLast() {
        Tensor data = counting(3, 2);
        assertSame(data, ProgramSupport.align("x", data));                        // no plate: all event
        assertSame(data, ProgramSupport.align("x", data, -1));                    // [3] plate at -1, event [2]
        assertSame(data, ProgramSupport.align("x", data, -2, -1));
        assertArrayEquals(new int[] {3, 1, 2}, ProgramSupport.align("x", data, -3, -1).shape());
        assertArrayEquals(new int[] {3, 1, 2}, ProgramSupport.align("x", data, -2).shape());   // event [2] after
        assertArrayEquals(new int[] {3, 1, 1, 2}, ProgramSupport.align("x", data, -3).shape());
        Tensor moved = ProgramSupport.align("x", counting(4, 3, 2), -3, -2);   // batch dim -1 has no plate
        assertArrayEquals(new int[] {4, 3, 1, 2}, moved.shape());
        assertArrayEquals(counting(4, 3, 2).toArray(), moved.toArray());   // a reshape: the order stays
        assertArrayEquals(new int[] {4, 1, 3, 1, 2}, ProgramSupport.align("x", counting(4, 3, 2), -4, -2).shape());
        Tensor inPlace = counting(4, 3, 2);
        assertSame(inPlace, ProgramSupport.align("x", inPlace, -2, -1));
        SiteException few = assertThrows(SiteException.class, () -> ProgramSupport.align("x", counting(3), -2, -1));
        assertTrue(few.getMessage().contains("fewer dimensions than the site's 2 plate(s)"), few.getMessage());
    }

    @Test
    void aPlatesMembersAreTakenAlongTheirAxis() {
        Tensor data = counting(2, 4);
        assertSame(data, ProgramSupport.members(data, 1, Plate.full("p", 4, -1)));
        Plate some = new Plate("p", 4, new int[] {1, 3}, -1);
        assertArrayEquals(new double[] {1, 3, 5, 7}, ProgramSupport.members(data, 1, some).toArray());
        Plate rows = new Plate("q", 2, new int[] {1}, -2);
        assertArrayEquals(new double[] {4, 5, 6, 7}, ProgramSupport.members(data, 0, rows).toArray());
        assertThrows(IllegalArgumentException.class, () -> ProgramSupport.members(data, 0, some));
        assertThrows(IllegalArgumentException.class, () -> ProgramSupport.members(data, 2, some));
        assertArrayEquals(new int[] {2, 2},
                ProgramSupport.members(data, 1, Plate.subsample("p", 4, 2, -1, Rng.seeded(2))).shape());
    }

    @Test
    void aValueGivenByNameOrAnErrorNamingWhatWasGiven() {
        Tensor mu = Tensor.scalar(1.5);
        assertSame(mu, ProgramSupport.given(Map.of("mu", mu), "mu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgramSupport.given(Map.of("sigma", mu, "mu", mu), "tau"));
        assertTrue(e.getMessage().contains("no value given for site 'tau'; the values given are for [mu, sigma]"),
                e.getMessage());
    }
}
