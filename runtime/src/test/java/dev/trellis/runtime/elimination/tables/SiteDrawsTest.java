package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The draws of a generated {@code simulate}: an enumerated site's value, an observed site's draw broadcast over its
 * folded plates, and the round trip between draws and the nested arrays the generated API hands out.
 */
class SiteDrawsTest {

    private final Rng rng = Rng.seeded(17);

    @Test
    void anEnumeratedSiteDrawsAValueOfItsSupport() {
        assertEquals(2, SiteDraws.value("x", "days[1]", Categorical.ofProbs(0, 0, 1), rng));
        int[] counts = new int[2];
        for (int n = 0; n < 4000; n++) {
            counts[SiteDraws.value("x", "", Categorical.ofProbs(0.25, 0.75), rng)]++;
        }
        // Binomial(4000, 0.75): mean 3000, standard deviation 27.4; six of them either side.
        assertEquals(3000, counts[1], 165);
    }

    @Test
    void anEnumeratedSiteWithoutAFiniteSupportOrWithABatchIsRefusedAtItsPlace() {
        SiteException normal = assertThrows(SiteException.class,
                () -> SiteDraws.value("x", "days[1]", Normal.of(0, 1), rng));
        assertEquals("site 'x' at days[1]: returned Normal, which has no finite support to enumerate",
                normal.getMessage());
        SiteException batch = assertThrows(SiteException.class,
                () -> SiteDraws.value("x", "days[1]", Categorical.of(Tensor.of(new double[] {0.5, 0.5, 0.2, 0.8}, 2, 2)),
                        rng));
        assertEquals("site 'x' at days[1]: returned a batch of distributions (batch shape [2]); an enumerated site "
                + "draws one value per member", batch.getMessage());
    }

    @Test
    void anObservedDrawIsBroadcastOverItsFoldedPlates() {
        Tensor one = SiteDraws.draw("y", "", Bernoulli.of(1.0), rng, 3);
        assertEquals(Tensor.vector(1, 1, 1), one);
        Tensor rows = SiteDraws.draw("y", "", Bernoulli.of(Tensor.vector(0, 1)), rng, 3, 2);
        assertEquals(Tensor.of(new double[] {0, 1, 0, 1, 0, 1}, 3, 2), rows);
        Tensor exact = SiteDraws.draw("y", "", Bernoulli.of(Tensor.vector(1, 0)), rng, 2);
        assertEquals(Tensor.vector(1, 0), exact);
        assertArrayEquals(new int[0], SiteDraws.draw("y", "", Normal.of(0, 1), rng).shape());
    }

    @Test
    void aBatchThatDoesNotBroadcastToTheFoldedPlatesIsRefused() {
        SiteException mismatch = assertThrows(SiteException.class,
                () -> SiteDraws.draw("y", "days[0]", Bernoulli.of(Tensor.vector(0.5, 0.5, 0.5)), rng, 2));
        assertEquals("site 'y' at days[0]: has batch shape [3], which does not broadcast to its folded plates' sizes "
                + "[2]", mismatch.getMessage());
        SiteException wider = assertThrows(SiteException.class, () -> SiteDraws.draw("y", "days[0]",
                Bernoulli.of(Tensor.full(0.5, 3, 1)), rng, 3));
        assertEquals("site 'y' at days[0]: has batch shape [3, 1], which does not broadcast to its folded plates' "
                + "sizes [3]", wider.getMessage());
    }

    @Test
    void scalarDrawsReadAsNumbersAndIntegersMustBeWhole() {
        assertEquals(2.5, SiteDraws.real(Tensor.scalar(2.5)));
        assertEquals(-3, SiteDraws.integer(Tensor.scalar(-3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteDraws.integer(Tensor.scalar(2.5)));
        assertEquals("a draw of an integer-valued site is 2.5, not an integer", e.getMessage());
        assertEquals(Tensor.scalar(4.0), SiteDraws.tensor(4.0));
    }

    @Test
    void drawsBecomeNestedArraysRowMajor() {
        Tensor draw = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2);
        double[][][] reals = (double[][][]) SiteDraws.reals(draw);
        assertArrayEquals(new double[][][] {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}}, reals);
        int[][][] ints = (int[][][]) SiteDraws.integers(draw);
        assertArrayEquals(new int[][][] {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}}, ints);
        assertArrayEquals(new double[] {0.5, -1}, (double[]) SiteDraws.reals(Tensor.vector(0.5, -1)));
        assertArrayEquals(new int[][] {{}, {}}, (int[][]) SiteDraws.integers(Tensor.zeros(2, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> SiteDraws.integers(Tensor.of(new double[] {1, 2, 3.5, 4}, 2, 2)));
    }

    @Test
    void nestedArraysBecomeTensorsOfTheirShapeAndBack() {
        double[][] reals = {{1, 2, 3}, {4, 5, 6}};
        Tensor fromReals = SiteDraws.tensor((Object) reals);
        assertEquals(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), fromReals);
        assertArrayEquals(reals, (double[][]) SiteDraws.reals(fromReals));
        int[][][] ints = {{{1}, {2}}, {{3}, {4}}, {{5}, {6}}};
        Tensor fromInts = SiteDraws.tensor((Object) ints);
        assertEquals(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2, 1), fromInts);
        assertArrayEquals(ints, (int[][][]) SiteDraws.integers(fromInts));
        assertEquals(Tensor.vector(7, 8), SiteDraws.tensor((Object) new int[] {7, 8}));
        assertArrayEquals(new int[] {0, 0}, SiteDraws.tensor((Object) new double[0][3]).shape(),
                "no row tells the inner extent");
        assertArrayEquals(new int[] {2, 0}, SiteDraws.tensor((Object) new double[2][0]).shape());
        Tensor tensor = Tensor.vector(1, 2);
        assertSame(tensor, SiteDraws.tensor((Object) tensor));
    }
}
