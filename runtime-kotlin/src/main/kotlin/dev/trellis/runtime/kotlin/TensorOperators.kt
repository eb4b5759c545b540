@file:JvmName("TensorOperators")

package dev.trellis.runtime.kotlin

import dev.trellis.runtime.tensor.Tensor

// Operators for Tensor that Kotlin cannot take from the Java class itself. Kotlin already uses
// Java members whose names are operator names: `a / b` and `a / 2.0` call Tensor.div, and
// `t[i, j]` calls Tensor.get (an entry, as a Double). What Java spells add/sub/mul/neg gets its
// operator here, and so do the forms with a number on the left. Every operator is the Tensor
// method it names, so results, broadcasting and gradients are exactly the Java ones.

/** `a + b`: [Tensor.add], broadcasting. */
operator fun Tensor.plus(other: Tensor): Tensor = add(other)

/** `t + c`. */
operator fun Tensor.plus(scalar: Double): Tensor = add(scalar)

/** `t + 1`. */
operator fun Tensor.plus(scalar: Int): Tensor = add(scalar.toDouble())

/** `c + t`. */
operator fun Double.plus(tensor: Tensor): Tensor = tensor.add(this)

/** `1 + t`. */
operator fun Int.plus(tensor: Tensor): Tensor = tensor.add(this.toDouble())

/** `a - b`: [Tensor.sub], broadcasting. */
operator fun Tensor.minus(other: Tensor): Tensor = sub(other)

/** `t - c`. */
operator fun Tensor.minus(scalar: Double): Tensor = sub(scalar)

/** `t - 1`. */
operator fun Tensor.minus(scalar: Int): Tensor = sub(scalar.toDouble())

/** `c - t`, computed as c - t entry by entry (not -t + c). */
operator fun Double.minus(tensor: Tensor): Tensor = Tensor.scalar(this).sub(tensor)

/** `1 - t`. */
operator fun Int.minus(tensor: Tensor): Tensor = Tensor.scalar(this.toDouble()).sub(tensor)

/** `a * b`: [Tensor.mul], element-wise and broadcasting (matrix products are [Tensor.matmul]). */
operator fun Tensor.times(other: Tensor): Tensor = mul(other)

/** `t * c`. */
operator fun Tensor.times(scalar: Double): Tensor = mul(scalar)

/** `t * 2`. */
operator fun Tensor.times(scalar: Int): Tensor = mul(scalar.toDouble())

/** `c * t`. */
operator fun Double.times(tensor: Tensor): Tensor = tensor.mul(this)

/** `2 * t`. */
operator fun Int.times(tensor: Tensor): Tensor = tensor.mul(this.toDouble())

/** `t / 2`; `t / b` and `t / 2.0` are [Tensor.div] itself. */
operator fun Tensor.div(scalar: Int): Tensor = div(scalar.toDouble())

/** `c / t`, computed as c / t entry by entry. */
operator fun Double.div(tensor: Tensor): Tensor = Tensor.scalar(this).div(tensor)

/** `1 / t`. */
operator fun Int.div(tensor: Tensor): Tensor = Tensor.scalar(this.toDouble()).div(tensor)

/** `-t`: [Tensor.neg]. */
operator fun Tensor.unaryMinus(): Tensor = neg()
