package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * How the parametric families hold their parameters: broadcast to one batch shape (torch's {@code broadcast_all}),
 * and broadcast further by {@code expand} ({@link ParameterText} prints them). Kept apart from
 * {@link DistributionChecks}, which only validates.
 */
final class FamilyParameters {

    private FamilyParameters() {
    }

    /**
     * Broadcasts already validated parameters to their common batch shape. Validation runs on the tensors the user
     * passed, before this, so that a message's flat index points into the user's tensor, not into the broadcast copy.
     *
     * @throws IllegalArgumentException naming the distribution if the shapes do not broadcast
     */
    static Tensor[] broadcast(String distribution, Tensor... parameters) {
        int[] batch = DistributionChecks.batchShapeOf(distribution, 0, parameters);
        return expandAll(batch, parameters);
    }

    /**
     * The parameters of {@code distribution} broadcast to {@code batchShape}, for a family's own {@code expand}:
     * broadcasting the parameters gives every new batch member an independent draw, as torch's {@code expand}.
     *
     * @throws IllegalArgumentException with {@link ExpandedDistribution}'s message if the batch shape does not
     *     broadcast to {@code batchShape}
     */
    static Tensor[] expand(Distribution distribution, int[] batchShape, Tensor... parameters) {
        int[] current = distribution.batchShape();
        int[] broadcast;
        try {
            broadcast = Tensor.broadcastShapes(current, batchShape);
        } catch (IllegalArgumentException e) {
            broadcast = null;
        }
        if (broadcast == null || !Arrays.equals(broadcast, batchShape)) {
            throw new IllegalArgumentException("cannot expand " + distribution + " with batch shape "
                    + Arrays.toString(current) + " to batch shape " + Arrays.toString(batchShape));
        }
        return expandAll(batchShape, parameters);
    }

    private static Tensor[] expandAll(int[] batchShape, Tensor[] parameters) {
        Tensor[] result = new Tensor[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            result[i] = parameters[i].expand(batchShape);
        }
        return result;
    }
}
