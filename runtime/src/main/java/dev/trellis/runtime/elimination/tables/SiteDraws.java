package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.EnumerableDistribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.inference.SiteCalls;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Draws of a generated {@code simulate}: an enumerated site's value, an observed site's draw over its folded plates,
 * and the conversions between draws and the nested arrays the generated API hands out.
 *
 * <p>Stateless and thread-safe.
 */
public final class SiteDraws {

    private SiteDraws() {
    }

    /**
     * Draws one value of an enumerated site.
     *
     * @throws SiteException naming the site and where if the distribution has no finite support or a batch shape
     */
    public static int value(String site, String where, Distribution distribution, Rng rng) {
        EnumerableDistribution finite = SiteCalls.enumerable(site, where, distribution);
        if (distribution.batchShape().length != 0) {
            throw new SiteException(site, where, "returned a batch of distributions (batch shape "
                    + Arrays.toString(distribution.batchShape()) + "); an enumerated site draws one value per member");
        }
        return finite.sampleValue(rng);
    }

    /**
     * Draws an observed site over its folded plates: the distribution's batch shape is broadcast to the folded
     * plates' sizes (as {@code pyro.plate} broadcasts a site inside it), then one draw is taken.
     *
     * @param foldedSizes the sizes of the site's folded plates, outermost first
     * @return shape {@code foldedSizes + eventShape}
     * @throws SiteException naming the site if the batch shape does not broadcast to the folded plates
     */
    public static Tensor draw(String site, String where, Distribution distribution, Rng rng, int... foldedSizes) {
        int[] batch = distribution.batchShape();
        Distribution expanded = distribution;
        if (!Arrays.equals(batch, foldedSizes)) {
            try {
                int[] broadcast = Tensor.broadcastShapes(batch, foldedSizes);
                if (!Arrays.equals(broadcast, foldedSizes)) {
                    throw new IllegalArgumentException("broadcasts to " + Arrays.toString(broadcast));
                }
                expanded = distribution.expand(foldedSizes);
            } catch (IllegalArgumentException e) {
                throw new SiteException(site, where, "has batch shape " + Arrays.toString(batch) + ", which does not "
                        + "broadcast to its folded plates' sizes " + Arrays.toString(foldedSizes), e);
            }
        }
        return expanded.sample(rng);
    }

    /** {@return a scalar draw as a double} */
    public static double real(Tensor draw) {
        return draw.item();
    }

    /** {@return a scalar draw of an integer-valued site as an int} */
    public static int integer(Tensor draw) {
        return toInt(draw.item());
    }

    /** {@return a draw as nested double arrays, one level per dimension (cast by the caller)} */
    public static Object reals(Tensor draw) {
        return nested(draw.toArray(), draw.shape(), 0, 0, false);
    }

    /** {@return a draw of an integer-valued site as nested int arrays, one level per dimension} */
    public static Object integers(Tensor draw) {
        return nested(draw.toArray(), draw.shape(), 0, 0, true);
    }

    /** {@return a scalar tensor of a drawn value, for a site method that reads it as a Tensor} */
    public static Tensor tensor(double value) {
        return Tensor.scalar(value);
    }

    /** {@return a tensor of a drawn value held as nested arrays ({@code double[]}, {@code int[][]}, ...)} */
    public static Tensor tensor(Object nested) {
        if (nested instanceof Tensor tensor) {
            return tensor;
        }
        int rank = 0;
        Class<?> type = nested.getClass();
        while (type.isArray()) {
            rank++;
            type = type.getComponentType();
        }
        int[] shape = new int[rank];
        Object level = nested;
        for (int d = 0; d < rank; d++) {
            shape[d] = Array.getLength(level);
            level = shape[d] == 0 ? null : Array.get(level, 0);
            if (level == null) {
                break;
            }
        }
        double[] values = new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        flatten(nested, values, new int[] {0});
        return Tensor.of(values, shape);
    }

    private static void flatten(Object nested, double[] out, int[] at) {
        if (nested instanceof double[] doubles) {
            System.arraycopy(doubles, 0, out, at[0], doubles.length);
            at[0] += doubles.length;
        } else if (nested instanceof int[] ints) {
            for (int value : ints) {
                out[at[0]++] = value;
            }
        } else {
            for (int i = 0; i < Array.getLength(nested); i++) {
                flatten(Array.get(nested, i), out, at);
            }
        }
    }

    private static Object nested(double[] values, int[] shape, int dim, int offset, boolean ints) {
        int size = shape[dim];
        if (dim == shape.length - 1) {
            if (ints) {
                int[] row = new int[size];
                for (int i = 0; i < size; i++) {
                    row[i] = toInt(values[offset + i]);
                }
                return row;
            }
            return Arrays.copyOfRange(values, offset, offset + size);
        }
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        Class<?> element = ints ? int.class : double.class;
        for (int d = dim + 1; d < shape.length; d++) {
            element = element.arrayType();
        }
        Object level = Array.newInstance(element, size);
        for (int i = 0; i < size; i++) {
            Array.set(level, i, nested(values, shape, dim + 1, offset + i * stride, ints));
        }
        return level;
    }

    private static int toInt(double value) {
        int rounded = (int) value;
        if (rounded != value) {
            throw new IllegalArgumentException("a draw of an integer-valued site is " + value + ", not an integer");
        }
        return rounded;
    }
}
