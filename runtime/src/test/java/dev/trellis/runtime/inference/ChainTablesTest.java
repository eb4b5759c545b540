package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ChainTablesTest {
    private static final Tensor P = Tensor.matrix(new double[][] {{0.2, 0.7, 0.4}, {0.9, 0.1, 0.5}});

    @Test
    void transitionsStackOneRowPerPreviousState() {
        Tensor rows = Tensor.matrix(new double[][] {{0.75, 0.25}, {0.5, 0.5}});
        Tensor table = ChainTables.transitions("x", 2, previous -> Categorical.of(rows.select(0, previous)));
        assertArrayEquals(new double[] {Math.log(0.75), Math.log(0.25), Math.log(0.5), Math.log(0.5)},
                table.toArray(), 1e-15);
    }

    @Test
    void autoregressiveTablesHoldEachPreviousValuesRow() {
        // tone d sounds with probability P[previous_d][d], whatever the state
        Tensor[] tables = ChainTables.autoregressive("y", 1, (state, previous) ->
                Bernoulli.of(P.select(0, 1).mul(previous).add(P.select(0, 0).mul(previous.neg().add(1.0)))), 3);
        assertArrayEquals(new int[] {1, 2, 3}, tables[0].shape());
        assertEquals(Math.log(0.9), tables[0].get(0, 1, 0), 1e-15);
        assertEquals(Math.log(1 - 0.7), tables[1].get(0, 0, 1), 1e-15);
    }

    @Test
    void anObservationReadingAnotherMembersPreviousValueIsReported() {
        // tone d reads the previous value of tone (d + 1) mod 3: not what a plate of independent members allows
        SiteException e = assertThrows(SiteException.class, () -> ChainTables.autoregressive("y", 1,
                (state, previous) -> {
                    Tensor shifted = Tensor.cat(0, previous.slice(0, 1, 3), previous.slice(0, 0, 1));
                    return Bernoulli.of(P.select(0, 1).mul(shifted).add(P.select(0, 0).mul(shifted.neg().add(1.0))));
                }, 3));
        assertEquals("y", e.site());
        assertTrue(e.getMessage().contains("depends on other members' previous values"), e.getMessage());
    }
}
