package dev.trellis.runtime.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The backward pass's recycled adjoint buffers: a released array comes back zeroed for the next node of its length,
 * never for another length, and a long chain of same-sized nodes (whose buffers are all recycled) still gets the
 * gradient right.
 */
class AdjointBufferPoolTest {

    @Test
    void a_released_array_comes_back_zeroed_and_only_for_its_length() {
        AdjointBufferPool pool = new AdjointBufferPool();
        double[] first = pool.take(3);
        first[1] = 7;
        pool.release(first);
        double[] other = pool.take(4);
        assertNotSame(first, other);
        double[] again = pool.take(3);
        assertSame(first, again);
        assertArrayEquals(new double[3], again);
    }

    @Test
    void every_length_of_many_gets_back_its_own_arrays_last_released_first() {
        AdjointBufferPool pool = new AdjointBufferPool();
        int[] lengths = new int[200];   // many distinct lengths: the map grows several times
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = i * 37 % 1009;   // 0 included
        }
        double[][] first = new double[lengths.length][];
        double[][] second = new double[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            first[i] = pool.take(lengths[i]);
            second[i] = pool.take(lengths[i]);
            Arrays.fill(first[i], i + 1);
            Arrays.fill(second[i], -i);
            pool.release(first[i]);
            pool.release(second[i]);
        }
        for (int i = lengths.length - 1; i >= 0; i--) {
            double[] again = pool.take(lengths[i]);
            double[] then = pool.take(lengths[i]);
            assertSame(second[i], again, "length " + lengths[i]);
            assertSame(first[i], then, "length " + lengths[i]);
            assertArrayEquals(new double[lengths[i]], again);
            assertArrayEquals(new double[lengths[i]], then);
            assertNotSame(first[i], pool.take(lengths[i]), "length " + lengths[i] + ": both taken already");
        }
    }

    @Test
    void at_most_the_bound_of_free_arrays_is_kept_per_length() {
        AdjointBufferPool pool = new AdjointBufferPool();
        int count = AdjointBufferPool.PER_LENGTH + 5;
        double[][] arrays = new double[count][];
        for (int i = 0; i < count; i++) {
            arrays[i] = new double[300];
            pool.release(arrays[i]);
        }
        for (int i = AdjointBufferPool.PER_LENGTH - 1; i >= 0; i--) {
            assertSame(arrays[i], pool.take(300), "kept array " + i);
        }
        double[] fresh = pool.take(300);
        for (double[] array : arrays) {
            assertNotSame(array, fresh);
        }
    }

    @Test
    void a_long_chain_of_recycled_buffers_gives_the_exact_gradient() {
        Tensor x = Tensor.variable(Tensor.vector(0.5, -1.5, 2.0));
        Tensor y = x;
        for (int k = 0; k < 200; k++) {
            y = y.mul(1.01).add(x.mul(0.001));
        }
        double[] gradient = Autodiff.gradients(y.sum()).of(x).toArray();
        // d y_200 / d x = 1.01^200 + 0.001 * sum_{k<200} 1.01^k, the same for every entry
        double expected = Math.pow(1.01, 200) + 0.001 * (Math.pow(1.01, 200) - 1) / 0.01;
        for (double g : gradient) {
            assertEquals(expected, g, 1e-12 * expected);
        }
    }
}
