package dev.trellis.runtime.nn;

import java.util.Objects;

/**
 * The precision of the network layers' matrix products that go to OpenBLAS, for the whole process, like PyTorch's
 * {@code torch.set_float32_matmul_precision}: {@link #DOUBLE} (the default) multiplies in float64; {@link #SINGLE}
 * rounds both operands to float32, multiplies with OpenBLAS's {@code sgemm} (twice the numbers per vector
 * instruction of {@code dgemm}), and adds the product to its float64 result, so that only the products lose precision:
 * activations, gradients summed over many products, log-densities and parameters stay float64. Pyro trains in
 * float32 throughout; {@code SINGLE} is for training where float32 products are precise enough, {@code DOUBLE} for
 * results to compare with float64 references.
 *
 * <p>An entry of {@code SINGLE}'s {@code A B} over an inner dimension {@code k} differs from the float64 product by at
 * most about {@code (k + 2) 2^-24 sum_p |a_ip| |b_pj|} (the operands' rounding, then float32 sums). The products the
 * Java loops compute (without OpenBLAS) stay float64 whatever the setting. Set it between training steps, not during
 * one: a product that keeps a weight for a pass (a recurrent layer's {@code W_hh}) takes the precision current when
 * the pass started.
 *
 * <p>Thread-safe: the setting is one volatile field, and a change is seen by every thread's next product; threads
 * training at once share it. It is per JVM (Spark's executors keep their own).
 */
public enum ProductPrecision {
    /** float64 operands and sums. */
    DOUBLE,
    /** float32 operands and sums, the product added to the float64 result. */
    SINGLE;

    private static volatile ProductPrecision current = DOUBLE;

    /** {@return the precision the products take now} */
    public static ProductPrecision current() {
        return current;
    }

    /**
     * Makes the products from now on take {@code precision}, for every thread.
     *
     * @return the precision before, to put back
     */
    public static ProductPrecision use(ProductPrecision precision) {
        ProductPrecision before = current;
        current = Objects.requireNonNull(precision, "precision");
        return before;
    }
}
