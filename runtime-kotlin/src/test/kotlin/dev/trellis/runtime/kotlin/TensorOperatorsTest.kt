package dev.trellis.runtime.kotlin

import dev.trellis.runtime.autodiff.Autodiff
import dev.trellis.runtime.tensor.Tensor
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class TensorOperatorsTest {
    private val a = Tensor.matrix(arrayOf(doubleArrayOf(1.5, -2.0, 0.25), doubleArrayOf(3.0, 0.1, -7.0)))
    private val b = Tensor.vector(0.3, -1.7, 2.0)

    /** Bit-for-bit equality: an operator must be exactly the Java method it stands for. */
    private fun assertSame(expected: Tensor, actual: Tensor) {
        assertArrayEquals(expected.shape(), actual.shape())
        assertArrayEquals(
            expected.toArray().map { it.toRawBits() }.toLongArray(),
            actual.toArray().map { it.toRawBits() }.toLongArray(),
        )
    }

    @Test
    fun `binary operators are the Java methods, broadcasting included`() {
        assertSame(a.add(b), a + b)
        assertSame(a.sub(b), a - b)
        assertSame(a.mul(b), a * b)
        assertSame(a.div(b), a / b)
        assertSame(a.neg(), -a)
    }

    @Test
    fun `numbers combine on either side`() {
        assertSame(a.add(2.0), a + 2.0)
        assertSame(a.add(2.0), 2.0 + a)
        assertSame(a.add(2.0), a + 2)
        assertSame(a.add(2.0), 2 + a)
        assertSame(a.sub(2.0), a - 2)
        assertSame(a.sub(2.0), a - 2.0)
        assertSame(Tensor.scalar(2.0).sub(a), 2.0 - a)
        assertSame(Tensor.scalar(2.0).sub(a), 2 - a)
        assertSame(a.mul(3.0), a * 3)
        assertSame(a.mul(3.0), 3.0 * a)
        assertSame(a.mul(3.0), a * 3.0)
        assertSame(a.mul(3.0), 3 * a)
        assertSame(a.div(4.0), a / 4)
        assertSame(Tensor.scalar(1.0).div(a), 1.0 / a)
        assertSame(Tensor.scalar(1.0).div(a), 1 / a)
    }

    @Test
    fun `a formula written with operators has the gradients of the method chain`() {
        val x = Tensor.variable(Tensor.vector(0.5, -1.0, 2.0))
        val y = Tensor.variable(Tensor.vector(1.5, 0.25, -3.0))

        // d/dx sum(0.5 * (x - y)^2 / 2 + 1 - x * y) = (x - y) / 2 - y
        val loss = (0.5 * (x - y) * (x - y) / 2 + 1 - x * y).sum()
        val gradients = Autodiff.gradients(loss)

        val expected = x.detach().sub(y.detach()).div(2.0).sub(y.detach())
        assertArrayEquals(expected.toArray(), gradients.of(x).toArray(), 1e-15)
        assertEquals(-loss.item(), (-loss).item())
    }

    @Test
    fun `indexing reads an entry through the Java get`() {
        assertEquals(-7.0, a[1, 2])
        assertEquals(0.3, b[0])
    }
}
