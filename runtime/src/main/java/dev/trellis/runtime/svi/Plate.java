package dev.trellis.runtime.svi;

import dev.trellis.runtime.random.Rng;
import java.util.Arrays;

/**
 * A plate of conditionally independent members, as {@code pyro.plate}: a name, the full size, the members drawn for
 * this step (all of them, or a subsample) and the tensor dimension the members run along.
 *
 * <p>A site inside subsampled plates has its log-probability multiplied by {@link #scale()} = size / subsample size
 * for each such plate, so that the ELBO of a minibatch is an unbiased estimate of the full one.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param name the plate's name, unique within a model
 * @param size the number of members in the full data
 * @param indices the members used in this step, ascending when drawn by {@link #subsample}; length = the tensor
 *     size along {@code dim}
 * @param dim the batch dimension of a site's log-probability the members run along, negative from the right (-1 is
 *     the rightmost batch dimension), as Pyro's {@code dim}
 */
public record Plate(String name, int size, int[] indices, int dim) {

    public Plate {
        if (size < 0) {
            throw new IllegalArgumentException("plate '" + name + "': size " + size + " is negative");
        }
        if (dim >= 0) {
            throw new IllegalArgumentException("plate '" + name + "': dim " + dim + " must be negative, counted from "
                    + "the right of the batch shape");
        }
        indices = indices.clone();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size) {
                throw new IllegalArgumentException("plate '" + name + "': member index " + indices[i] + " at "
                        + "position " + i + " is outside 0.." + (size - 1));
            }
        }
    }

    /** A plate with every member. */
    public static Plate full(String name, int size, int dim) {
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        return new Plate(name, size, all, dim);
    }

    /**
     * A plate with {@code subsampleSize} distinct members drawn uniformly without replacement (a partial
     * Fisher–Yates shuffle), sorted ascending; the whole plate when {@code subsampleSize >= size}.
     */
    public static Plate subsample(String name, int size, int subsampleSize, int dim, Rng rng) {
        if (subsampleSize < 1) {
            throw new IllegalArgumentException("plate '" + name + "': subsample size " + subsampleSize
                    + " must be at least 1");
        }
        if (subsampleSize >= size) {
            return full(name, size, dim);
        }
        int[] pool = new int[size];
        Arrays.setAll(pool, i -> i);
        for (int i = 0; i < subsampleSize; i++) {
            int j = i + rng.nextInt(size - i);
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
        }
        int[] chosen = Arrays.copyOf(pool, subsampleSize);
        Arrays.sort(chosen);
        return new Plate(name, size, chosen, dim);
    }

    /** {@return the number of members in this step} */
    public int subsampleSize() {
        return indices.length;
    }

    /** {@return size / subsample size: the factor that makes a minibatch's log-likelihood unbiased} */
    public double scale() {
        return indices.length == 0 ? 1.0 : (double) size / indices.length;
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Plate p && p.name.equals(name) && p.size == size && p.dim == dim
                && Arrays.equals(p.indices, indices);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "plate '" + name + "' (" + indices.length + " of " + size + ", dim " + dim + ")";
    }
}
