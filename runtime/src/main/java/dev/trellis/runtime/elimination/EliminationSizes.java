package dev.trellis.runtime.elimination;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sizes a model's elimination runs at: the domain size of each enumerated site and the number of instances of
 * each plate (over all instances of its parents: for sequences of steps, the steps of all the sequences). Immutable;
 * {@link #domain(String, long)} and {@link #instances(String, long)} give a copy with one more size.
 *
 * <p>Thread-safe: immutable.
 *
 * @param domains domain sizes by site name
 * @param instanceCounts instance counts by plate name
 */
public record EliminationSizes(Map<String, Long> domains, Map<String, Long> instanceCounts) {

    /** No sizes yet. */
    public static final EliminationSizes NONE = new EliminationSizes(Map.of(), Map.of());

    public EliminationSizes {
        // Sorted, so that messages and printouts list the names the same way every run.
        domains = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(domains));
        instanceCounts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(instanceCounts));
    }

    /**
     * {@return these sizes and site {@code site}'s domain size}
     *
     * @throws IllegalArgumentException if the size is below 1
     */
    public EliminationSizes domain(String site, long size) {
        if (size < 1) {
            throw new IllegalArgumentException("site '" + site + "': a domain size must be at least 1, not " + size);
        }
        Map<String, Long> more = new TreeMap<>(domains);
        more.put(site, size);
        return new EliminationSizes(more, instanceCounts);
    }

    /**
     * {@return these sizes and the number of instances of plate {@code plate}}
     *
     * @throws IllegalArgumentException if the count is negative
     */
    public EliminationSizes instances(String plate, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("plate '" + plate + "': an instance count cannot be negative: " + count);
        }
        Map<String, Long> more = new TreeMap<>(instanceCounts);
        more.put(plate, count);
        return new EliminationSizes(domains, more);
    }

    /**
     * {@return the domain size of {@code site}}
     *
     * @throws IllegalArgumentException if it is not bound
     */
    public long domain(String site) {
        Long size = domains.get(site);
        if (size == null) {
            throw new IllegalArgumentException("no domain size for site '" + site + "' (bound: " + domains.keySet()
                    + ")");
        }
        return size;
    }

    /**
     * {@return the number of instances of {@code plate}}
     *
     * @throws IllegalArgumentException if it is not bound
     */
    public long instances(String plate) {
        Long count = instanceCounts.get(plate);
        if (count == null) {
            throw new IllegalArgumentException("no instance count for plate '" + plate + "' (bound: "
                    + instanceCounts.keySet() + ")");
        }
        return count;
    }
}
