package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorFactoriesTest {

    @Test
    void filledTensorsHaveTheGivenShapeAndValue() {
        assertEquals(Tensor.matrix(new double[][] {{0, 0, 0}, {0, 0, 0}}), Tensor.zeros(2, 3));
        assertEquals(Tensor.vector(1, 1), Tensor.ones(2));
        assertEquals(Tensor.scalar(7), Tensor.full(7));
        assertEquals(Tensor.of(new double[] {-1, -1, -1, -1}, 2, 1, 2), Tensor.full(-1, 2, 1, 2));
        assertEquals(Tensor.zeros(0, 4), Tensor.of(new double[0], 0, 4));
        Tensor like = Tensor.variable(Tensor.matrix(new double[][] {{1, 2}}));
        assertEquals(Tensor.matrix(new double[][] {{0, 0}}), Tensor.zerosLike(like));
        assertEquals(Tensor.matrix(new double[][] {{1, 1}}), Tensor.onesLike(like));
        assertFalse(Tensor.onesLike(like).requiresGrad());
        assertEquals("size of dim 1 is -2; sizes must be >= 0 (shape [3, -2])",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3, -2)).getMessage());
    }

    @Test
    void arangeCountsAsTorchDoes() {
        assertEquals(Tensor.vector(0, 1, 2, 3), Tensor.arange(4));
        assertEquals(Tensor.vector(), Tensor.arange(0));
        assertEquals(Tensor.vector(1, 1.5, 2, 2.5), Tensor.arange(1, 3, 0.5));
        assertEquals(Tensor.vector(3, 2, 1), Tensor.arange(3, 0, -1));
        assertEquals(Tensor.vector(), Tensor.arange(3, 0, 1));
        assertEquals("arange(0.0, 1.0, 0.0) needs finite bounds and a finite non-zero step",
                assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0)).getMessage());
    }

    @Test
    void masksAreZeroOneTensors() {
        assertEquals(Tensor.matrix(new double[][] {{1, 0}, {0, 1}}),
                Tensor.mask(new boolean[] {true, false, false, true}, 2, 2));
    }

    @Test
    void itemReadsTheOnlyElement() {
        assertEquals(2.5, Tensor.scalar(2.5).item());
        assertEquals(3.0, Tensor.of(new double[] {3}, 1, 1).item());
        assertEquals("item() needs a tensor with one element, got shape [2]",
                assertThrows(IllegalArgumentException.class, () -> Tensor.vector(1, 2).item()).getMessage());
    }

    @org.junit.jupiter.api.Test
    void eyeIsTheIdentityMatrix() {
        Tensor eye = Tensor.eye(3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {3, 3}, eye.shape());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, eye.toArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 0}, Tensor.eye(0).shape());
    }
}
