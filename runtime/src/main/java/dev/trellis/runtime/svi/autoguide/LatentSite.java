package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * What an autoguide learned about one latent site of its model from the prototype run: the part of Pyro's
 * {@code prototype_trace} node that the guide reads.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param name the site's name
 * @param support the support of the site's distribution in the model
 * @param eventDim how many rightmost dimensions of a value form one event in the model (Pyro's
 *     {@code site["fn"].event_dim})
 * @param initialValue the constrained value the init strategy chose, of the site's full shape (plates, then event),
 *     detached
 * @param plates the plates the site sits in, outermost first
 */
public record LatentSite(String name, Constraint support, int eventDim, Tensor initialValue, List<Plate> plates) {

    public LatentSite {
        plates = List.copyOf(plates);
    }

    /** {@return the shape of the site's values: its plates' batch shape, then its event shape} */
    public int[] shape() {
        return initialValue.shape();
    }

    /**
     * {@return the site's plates as the run of {@code context} uses them: whole, or this step's subsample, the same
     * members the model will score}
     */
    Plate[] platesIn(SampleContext context) {
        Plate[] run = new Plate[plates.size()];
        for (int i = 0; i < run.length; i++) {
            Plate plate = plates.get(i);
            run[i] = context.plate(plate.name(), plate.size(), plate.dim());
        }
        return run;
    }

    /**
     * Cuts a parameter laid out like the site's values (batch dimensions, then {@code eventDim} event dimensions) to
     * the members of the run's plates: a minibatch reads and trains only its own members' parameters.
     */
    static Tensor members(Tensor full, int eventDim, Plate[] runPlates) {
        Tensor cut = full;
        for (Plate plate : runPlates) {
            if (plate.subsampleSize() != plate.size()) {
                cut = cut.index(full.rank() - eventDim + plate.dim(), plate.indices());
            }
        }
        return cut;
    }
}
