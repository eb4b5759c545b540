package dev.trellis.runtime.svi;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One sample statement as a run of a model or guide recorded it: the distribution, the value, whether it was
 * observed, the plates it sits in, and its mask and scale.
 *
 * <p>Immutable (its value and distribution are immutable), so thread-safe.
 *
 * @param name the site's name
 * @param distribution what the program returned for the site
 * @param value the observed value, or the drawn (or replayed) one
 * @param observed whether the value came with the data
 * @param reparameterised whether the value is a differentiable function of the guide's parameters (drawn with
 *     {@code rsample}); false for observed sites and for latent values drawn with the score-function estimator
 * @param plates the plates the site sits in, outermost first
 * @param options the site's mask and scale
 */
public record Site(String name, Distribution distribution, Tensor value, boolean observed, boolean reparameterised,
                   List<Plate> plates, SiteOptions options) {

    public Site {
        plates = List.copyOf(plates);
    }

    /** {@return the product of the scale option and each subsampled plate's size / subsample size} */
    public double scale() {
        double scale = options.scale();
        for (Plate plate : plates) {
            scale *= plate.scale();
        }
        return scale;
    }

    /**
     * {@return the scaled and masked log-probability of the value, shape = the site's batch shape} Masked entries are
     * exactly 0, even where the unmasked log-probability is -Infinity, as Pyro's {@code scale_and_mask}.
     *
     * @throws SiteException naming the site if the value lies outside the support
     * @throws IllegalArgumentException naming the site if a batch dimension lies outside every plate
     */
    public Tensor logProb() {
        return scaleAndMask(unscaledLogProb());
    }

    /**
     * {@return a per-member term of this site (its log-probability, or a KL divergence) multiplied by the site's scale
     * and set to exactly 0 where the mask is 0, as Pyro's {@code scale_and_mask}}
     *
     * @throws IllegalArgumentException naming the site if a batch dimension of the term lies outside every plate
     */
    Tensor scaleAndMask(Tensor term) {
        checkBatchDimsArePlates(term.shape());
        Tensor scaled = term;
        double scale = scale();
        if (scale != 1.0) {
            scaled = scaled.mul(scale);
        }
        Tensor mask = options.mask();
        if (mask != null) {
            scaled = Tensor.where(mask.expand(Tensor.broadcastShapes(mask.shape(), scaled.shape())), scaled,
                    Tensor.scalar(0.0));
        }
        return scaled;
    }

    /**
     * {@return the log-probability of the value, neither scaled nor masked, shape = the site's batch shape}: Pyro's
     * {@code score_function}, which multiplies the (scaled) downstream cost of a site drawn without {@code rsample}
     *
     * @throws SiteException naming the site if the value lies outside the support
     */
    Tensor unscaledLogProb() {
        try {
            return distribution.logProb(value);
        } catch (IllegalArgumentException e) {
            throw new SiteException(name, "", e.getMessage(), e);
        }
    }

    /** {@return the plate that runs along batch dimension {@code dim} (negative), or null} */
    @Nullable Plate plateAt(int dim) {
        for (Plate plate : plates) {
            if (plate.dim() == dim) {
                return plate;
            }
        }
        return null;
    }

    private void checkBatchDimsArePlates(int[] shape) {
        for (int d = 1; d <= shape.length; d++) {
            Plate plate = plateAt(-d);
            int size = shape[shape.length - d];
            if (plate == null && size != 1) {
                throw new IllegalArgumentException("site '" + name + "': batch dim " + -d + " of the log-probability "
                        + "(shape " + Arrays.toString(shape) + ") has size " + size + " but lies in no plate; put the "
                        + "site in a plate with that dim, or make the dimension part of the event with toEvent");
            }
            if (plate != null && size != 1 && size != plate.subsampleSize()) {
                throw new IllegalArgumentException("site '" + name + "': batch dim " + -d + " has size " + size
                        + " but " + plate + " has " + plate.subsampleSize() + " members this step");
            }
        }
    }
}
