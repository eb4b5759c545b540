package dev.trellis.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LossPlateauTest {

    @Test
    void waitsForTwoWindowsThenComparesTheirMeans() {
        LossPlateau rule = new LossPlateau(3, 0.01);
        assertEquals(Optional.empty(), rule.check(history(10, 10, 10, 10, 10)));   // 5 < 2 * 3 steps
        // previous window mean 10, last 9.95: improved by 0.5% < 1%: stop
        assertTrue(rule.check(history(10, 10, 10, 9.95, 9.95, 9.95)).isPresent());
        // improved by 2%: go on
        assertEquals(Optional.empty(), rule.check(history(10, 10, 10, 9.8, 9.8, 9.8)));
        // got worse: stop
        assertTrue(rule.check(history(10, 10, 10, 11, 11, 11)).isPresent());
        // only the last two windows count
        assertEquals(Optional.empty(), rule.check(history(1, 1, 1, 10, 10, 10, 9, 9, 9)));
    }

    @Test
    void theToleranceIsRelativeToTheMagnitudeOfANegativeLossToo() {
        LossPlateau rule = new LossPlateau(2, 0.01);
        // -100 to -100.5: an improvement of 0.5 = 0.5% of |-100|
        assertTrue(rule.check(history(-100, -100, -100.5, -100.5)).isPresent());
        assertEquals(Optional.empty(), rule.check(history(-100, -100, -102, -102)));
    }

    @Test
    void theReasonNamesTheWindowsAndTheirMeans() {
        String reason = new LossPlateau(2, 0.001).check(history(5, 5, 5, 5)).orElseThrow();
        assertEquals("the loss reached a plateau: the mean of steps 3-4 (5.0) improved on the mean of steps 1-2 (5.0) "
                + "by less than 0.001 of it", reason);
    }

    private static LossHistory history(double... losses) {
        return new LossHistory() {
            @Override
            public int size() {
                return losses.length;
            }

            @Override
            public double get(int index) {
                return losses[index];
            }
        };
    }
}
