package dev.trellis.runtime.svi;

import dev.trellis.runtime.random.Rng;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a run picks a plate's members: the whole plate, or a subsample of the size the inference asked for, drawn once
 * per run and recorded in the run's trace so that every site of the plate, and the model replaying the guide, use the
 * same members.
 */
final class PlateDraws {
    private PlateDraws() {
    }

    /**
     * The plate for this run: from {@code reuse} (the guide's run) if it has one of that name, else from
     * {@code trace} if this run already drew it, else a new draw.
     *
     * @throws IllegalArgumentException naming the plate if the program's size or dim disagrees with the earlier use
     */
    static Plate plate(String name, int size, int dim, Map<String, Integer> subsampleSizes, Trace trace,
            @Nullable Trace reuse, Rng rng) {
        Plate earlier = reuse != null && reuse.plate(name) != null ? reuse.plate(name) : trace.plate(name);
        if (earlier != null) {
            if (earlier.size() != size || earlier.dim() != dim) {
                throw new IllegalArgumentException("plate '" + name + "' is used with size " + size + " and dim " + dim
                        + " but was first used with size " + earlier.size() + " and dim " + earlier.dim()
                        + "; a model and its guide must agree on their plates");
            }
            return trace.addPlate(earlier);
        }
        Integer subsample = subsampleSizes.get(name);
        Plate plate = subsample == null ? Plate.full(name, size, dim) : Plate.subsample(name, size, subsample, dim, rng);
        return trace.addPlate(plate);
    }
}
