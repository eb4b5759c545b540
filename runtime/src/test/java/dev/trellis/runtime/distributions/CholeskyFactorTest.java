package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CholeskyFactorTest {

    private static final Tensor W = Tensor.matrix(new double[][] {{0.5, -1.2, 0.3}, {2.0, 0.1, -0.7},
        {0.4, 0.9, 1.1}, {-0.3, 0.2, 0.6}});

    /** A symmetric positive-definite matrix built on the tape, as the capacitance matrix is: {@code W^T W + I}. */
    private static Tensor gram(Tensor w) {
        return w.transpose().matmul(w).add(Tensor.eye(w.size(1)));
    }

    @Test
    void theFactorIsLowerTriangularAndReproducesTheMatrix() {
        Tensor a = gram(W);
        Tensor l = CholeskyFactor.of(a);
        double[][] rows = l.toRows();
        for (int i = 0; i < 3; i++) {
            assertTrue(rows[i][i] > 0, "positive diagonal");
            for (int j = i + 1; j < 3; j++) {
                assertEquals(0.0, rows[i][j], 0.0, "zero above the diagonal");
            }
        }
        assertArrayEquals(a.toArray(), l.matmul(l.transpose()).toArray(), 1e-13);
    }

    @Test
    void theGradientMatchesFiniteDifferencesThroughASymmetricInput() {
        Tensor weights = Tensor.matrix(new double[][] {{1.0, -0.5, 2.0}, {0.3, 0.7, -1.1}, {0.2, 0.4, 0.9}});
        FiniteDifferences.assertGradient("cholesky(W^T W + I)", w -> CholeskyFactor.of(gram(w)).mul(weights), W);
        FiniteDifferences.assertGradient("log det via the factor",
                w -> CholeskyFactor.of(gram(w)).mul(Tensor.eye(3)).sum(-1, false).log(), W);
    }

    @Test
    void batchesAreFactoredMatrixByMatrix() {
        Tensor a = Tensor.stack(0, gram(W), gram(W.mul(2)));
        Tensor l = CholeskyFactor.of(a);
        assertArrayEquals(new int[] {2, 3, 3}, l.shape());
        assertArrayEquals(CholeskyFactor.of(gram(W.mul(2))).toArray(), l.select(0, 1).toArray(), 0.0);
        FiniteDifferences.assertGradient("batched", w -> CholeskyFactor.of(Tensor.stack(0, gram(w), gram(w.mul(2))))
                .square(), W);
    }

    @Test
    void aMatrixThatIsNotPositiveDefiniteNamesTheLeadingMinor() {
        Tensor indefinite = Tensor.matrix(new double[][] {{1, 2}, {2, 1}});
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CholeskyFactor.of(indefinite));
        assertTrue(error.getMessage().contains("leading minor of order 2"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CholeskyFactor.of(Tensor.zeros(2, 3)));
    }

    @Test
    void aFiveByFiveFactorReproducesTheMatrixEntryByEntry() {
        // Large enough that every row below the diagonal subtracts several earlier columns.
        double[][] w = new double[7][5];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 5; j++) {
                w[i][j] = Math.sin(1.7 * i + 0.9 * j * j + 0.3);
            }
        }
        Tensor a = gram(Tensor.matrix(w));
        Tensor l = CholeskyFactor.of(Tensor.stack(0, a, a.mul(4)));
        double[][] first = l.select(0, 0).toRows();
        for (int i = 0; i < 5; i++) {
            for (int j = i + 1; j < 5; j++) {
                assertEquals(0.0, first[i][j], 0.0);
            }
        }
        assertArrayEquals(a.toArray(), l.select(0, 0).matmul(l.select(0, 0).transpose()).toArray(), 1e-13);
        assertArrayEquals(a.mul(4).toArray(), l.select(0, 1).matmul(l.select(0, 1).transpose()).toArray(), 1e-12);
    }

    @Test
    void aSingularMatrixIsRefusedNotDividedByZero() {
        // [[1, 1], [1, 1]] is positive semi-definite: its second pivot is exactly 0.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CholeskyFactor.of(Tensor.matrix(new double[][] {{1, 1}, {1, 1}})));
        assertEquals("cholesky: the matrix is not positive definite (the leading minor of order 2 is not positive "
                + "definite)", error.getMessage());
    }

    @Test
    void inABatchTheRefusalNamesTheMembersIndex() {
        Tensor batch = Tensor.stack(0, Tensor.eye(2), Tensor.matrix(new double[][] {{-1, 0}, {0, 1}}));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CholeskyFactor.of(batch));
        assertEquals("cholesky: the matrix at batch index 1 is not positive definite (the leading minor of order 1 "
                + "is not positive definite)", error.getMessage());
    }
}
