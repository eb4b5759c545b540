package dev.trellis.runtime.distributions;

import dev.trellis.runtime.random.Weights;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The parameter checks of {@link Categorical} and {@link OneHotCategorical}, row by row over the batch: the messages
 * name the entry within its row ({@code probs[2] = -0.1 is negative}) and, for a batch, the row.
 *
 * <p>A probability row must lie on torch's simplex: finite, non-negative entries whose sum is within
 * {@link Categorical#SIMPLEX_TOLERANCE} of 1. torch divides by the sum before validating, so it accepts
 * {@code [1, 2, 3]}; Trellis rejects it, because a vector that does not sum to 1 is almost always a bug in the
 * model. A logit row may hold {@code -Infinity} (probability zero) but not NaN or {@code +Infinity}, and needs one
 * finite logit.
 */
final class CategoricalChecks {

    private CategoricalChecks() {
    }

    /** Checks that {@code probs} has a category dimension and that each row lies on the simplex. */
    static void requireSimplexRows(Tensor probs) {
        requireCategoryDimension("probs", probs);
        forEachRow(probs, row -> {
            double sum = Weights.checkedSum(row, "a Categorical needs at least one category");
            if (!(Math.abs(sum - 1.0) <= Categorical.SIMPLEX_TOLERANCE)) {
                throw new IllegalArgumentException("probs sum to " + sum + ", not 1 (tolerance 1e-6)");
            }
        });
    }

    /** Checks that {@code logits} has a category dimension and that each row gives a distribution. */
    static void requireLogitRows(Tensor logits) {
        requireCategoryDimension("logits", logits);
        forEachRow(logits, row -> {
            if (row.length == 0) {
                throw new IllegalArgumentException("logits is empty; a Categorical needs at least one category");
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < row.length; k++) {
                if (Double.isNaN(row[k])) {
                    throw new IllegalArgumentException("logits[" + k + "] is NaN");
                }
                if (row[k] == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("logits[" + k + "] = Infinity; logits must be finite or"
                            + " -Infinity (probability 0)");
                }
                max = Math.max(max, row[k]);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("every logit is -Infinity; at least one category needs a finite"
                        + " logit");
            }
        });
    }

    private interface RowCheck {
        void check(double[] row);
    }

    private static void requireCategoryDimension(String name, Tensor parameter) {
        if (parameter.rank() == 0) {
            throw new IllegalArgumentException(name + " needs a last dimension holding the categories, got a "
                    + "scalar");
        }
    }

    /** Runs the check on each row; a batch's message gets the row's position appended. */
    private static void forEachRow(Tensor parameter, RowCheck check) {
        int[] shape = parameter.shape();
        int size = shape[shape.length - 1];
        double[] values = parameter.toArray();
        int rows = size == 0 ? 1 : values.length / size;
        for (int r = 0; r < rows; r++) {
            try {
                check.check(Arrays.copyOfRange(values, r * size, r * size + size));
            } catch (IllegalArgumentException e) {
                if (shape.length == 1) {
                    throw e;
                }
                int[] batch = Arrays.copyOf(shape, shape.length - 1);
                throw new IllegalArgumentException(e.getMessage() + " (in row " + r + ", row-major, of the batch of "
                        + "shape " + Arrays.toString(batch) + ")", e);
            }
        }
    }
}
