package dev.trellis.runtime.svi;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The steps generated programs take around a user's site methods: shaping data and distributions to the plates.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class ProgramSupport {

    private ProgramSupport() {
    }

    /**
     * Lays observed data out along its plates' dims: the data's leading dimensions (one per plate of the site,
     * outermost first) move to the plates' dims, with size-1 dimensions between them, and the event dimensions stay
     * last. Data of a site in plate {@code users} (dim -2) of shape {@code [U]} becomes {@code [U, 1]}.
     *
     * @param plateDims the dims of the site's plates, outermost first (ascending, all negative)
     */
    public static Tensor align(String site, Tensor data, int... plateDims) {
        int[] shape = data.shape();
        if (shape.length < plateDims.length) {
            throw new SiteException(site, "", "observed data of shape " + Arrays.toString(shape) + " has fewer "
                    + "dimensions than the site's " + plateDims.length + " plate(s)");
        }
        int batchRank = plateDims.length == 0 ? 0 : -plateDims[0];
        int eventRank = shape.length - plateDims.length;
        int[] aligned = new int[batchRank + eventRank];
        Arrays.fill(aligned, 0, batchRank, 1);
        for (int i = 0; i < plateDims.length; i++) {
            aligned[batchRank + plateDims[i]] = shape[i];
        }
        System.arraycopy(shape, plateDims.length, aligned, batchRank, eventRank);
        return Arrays.equals(aligned, shape) ? data : data.reshape(aligned);
    }

    /**
     * The members of this run's plate along one leading axis of data (or of a plate-local parameter) laid out with one
     * leading dimension per plate: the tensor itself when the plate is whole, else its slices at the plate's indices.
     *
     * @param axis which leading dimension runs along the plate
     */
    public static Tensor members(Tensor data, int axis, Plate plate) {
        if (data.shape().length <= axis || data.shape()[axis] != plate.size()) {
            throw new IllegalArgumentException(plate + ": expected " + plate.size() + " members along dimension " + axis
                    + " of a tensor of shape " + Arrays.toString(data.shape()));
        }
        return plate.subsampleSize() == plate.size() ? data : data.index(axis, plate.indices());
    }

    /**
     * The value a caller gives for a site, e.g. a global site's value for a posterior query.
     *
     * @throws IllegalArgumentException naming the site and the names given if it is missing
     */
    public static Tensor given(Map<String, Tensor> values, String site) {
        Tensor value = values.get(site);
        if (value == null) {
            throw new IllegalArgumentException("no value given for site '" + site + "'; the values given are for "
                    + new TreeSet<>(values.keySet()));
        }
        return value;
    }

    /**
     * The values a caller gives for a network's parameters, e.g. to query a model at trained values: each parameter at
     * path {@code p} of the module is read from {@code values} under its parameter-store name
     * {@code <name>$$$<p>} ({@link Module#storeName}), detached, and checked against the module's shapes.
     *
     * @param values the values given, by name (other names are ignored)
     * @param name the network's name
     * @param module the network
     * @return the values by path, in the module's order, for {@link Module#setParameters}
     * @throws IllegalArgumentException naming every missing store name, or the parameter whose value has another
     *     shape or a non-finite entry
     */
    public static Map<String, Tensor> networkValues(Map<String, Tensor> values, String name, Module module) {
        Map<String, Tensor> byPath = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String path : module.namedParameters().keySet()) {
            Tensor value = values.get(Module.storeName(name, path));
            if (value == null) {
                missing.add(Module.storeName(name, path));
            } else {
                byPath.put(path, value.detach());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no values given for network '" + name + "': " + missing + " are "
                    + "missing; give every parameter under its parameter-store name (the constrained values of the "
                    + "ParamStore that trained it hold them)");
        }
        Map<String, Tensor> previous = module.parameterValues();
        try {
            module.setParameters(byPath);   // checks every shape and entry, all or nothing
        } finally {
            module.setParameters(previous);
        }
        return Collections.unmodifiableMap(byPath);
    }

    /**
     * Gives a site's distribution the batch shape of its plates, broadcasting (as {@code pyro.plate} does) a
     * distribution whose batch shape is smaller.
     *
     * @throws SiteException naming the site if the distribution's batch shape does not broadcast to the plates'
     */
    public static Distribution inPlates(String site, Distribution distribution, int... batchShape) {
        return inPlates(site, "", distribution, "", batchShape);
    }

    /** {@link #inPlates(String, Distribution, int...)} with where the site is and a note for the message. */
    static Distribution inPlates(String site, String where, Distribution distribution, String note,
            int... batchShape) {
        int[] own = distribution.batchShape();
        if (Arrays.equals(own, batchShape)) {
            return distribution;
        }
        try {
            int[] broadcast = Tensor.broadcastShapes(own, batchShape);
            if (Arrays.equals(broadcast, batchShape)) {
                return distribution.expand(batchShape);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new SiteException(site, where, "the distribution's batch shape " + Arrays.toString(own) + " does not "
                + "fit the batch shape " + Arrays.toString(batchShape) + " of the site's plates" + note + "; a site "
                + "in plates has their sizes at their dims (use toEvent for dimensions that belong to one draw)");
    }

    /**
     * Runs a user's {@code @Computed} method and checks its value's leading dimensions, one per plate of the value
     * (outermost first; a Markov plate's is the run's number of steps).
     *
     * @param name the computed value's name, for messages
     * @param body the user's method, called once
     * @param leading the sizes the value's leading dimensions must have
     * @return the value
     * @throws SiteException naming the value if the method throws, returns null or a tensor whose leading dimensions
     *     do not fit
     */
    public static Tensor computed(String name, Supplier<Tensor> body, int... leading) {
        Tensor value;
        try {
            value = body.get();
        } catch (SiteException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new SiteException(name, "", "the @Computed method threw: " + message, e);
        }
        if (value == null) {
            throw new SiteException(name, "", "the @Computed method returned null");
        }
        int[] shape = value.shape();
        boolean fits = shape.length >= leading.length;
        for (int i = 0; fits && i < leading.length; i++) {
            fits = shape[i] == leading[i];
        }
        if (!fits) {
            throw new SiteException(name, "", "the @Computed value has shape " + Arrays.toString(shape) + " but its "
                    + "plates need leading dimensions " + Arrays.toString(leading) + " (one per plate, outermost "
                    + "first, this run's members and steps), then the value's own dimensions");
        }
        return value;
    }
}
