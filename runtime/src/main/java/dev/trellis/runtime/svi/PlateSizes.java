package dev.trellis.runtime.svi;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Binds each plate's size from the data, as generated programs do in their constructors: every observed site's data
 * has one leading dimension per plate the site is in (outermost first), and all the sites in a plate must agree on
 * its size.
 *
 * <p>Not thread-safe: a generated program's constructor fills one and keeps only the sizes.
 */
public final class PlateSizes {

    private record Binding(int size, String by) {}

    private final Map<String, Binding> sizes = new LinkedHashMap<>();

    /**
     * Binds {@code plate} to the size of dimension {@code dataDim} of an observed site's data.
     *
     * @throws SiteException naming the site if the data has too few dimensions or disagrees with an earlier binding
     */
    public PlateSizes bind(String plate, String site, Tensor data, int dataDim) {
        int[] shape = data.shape();
        if (dataDim >= shape.length) {
            throw new SiteException(site, "", "observed data of shape " + Arrays.toString(shape) + " has no dimension "
                    + dataDim + " for plate '" + plate + "'; give one leading dimension per plate of the site, "
                    + "outermost first, then the event dimensions");
        }
        return record(plate, shape[dataDim], "site '" + site + "'", site);
    }

    /**
     * Binds {@code plate} to a size given explicitly (for plates that no observed site is in).
     *
     * @throws IllegalArgumentException if the size is negative
     */
    public PlateSizes bindSize(String plate, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("plate '" + plate + "' cannot have size " + size);
        }
        return record(plate, size, "the size given for it", null);
    }

    /** {@return the size bound to {@code plate}} */
    public int size(String plate) {
        Binding binding = sizes.get(plate);
        if (binding == null) {
            throw new IllegalStateException("plate '" + plate + "' has no size; bind it first");
        }
        return binding.size();
    }

    private PlateSizes record(String plate, int size, String by, @Nullable String site) {
        Binding earlier = sizes.putIfAbsent(plate, new Binding(size, by));
        if (earlier != null && earlier.size() != size) {
            String problem = "has " + size + " members along plate '" + plate + "' but " + earlier.by()
                    + " gives it " + earlier.size();
            if (site != null) {
                throw new SiteException(site, "", "observed data " + problem);
            }
            throw new IllegalArgumentException(by + " " + problem);
        }
        return this;
    }
}
