package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.distributions.Delta;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import dev.trellis.runtime.transforms.Transform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What Pyro's {@code AutoContinuous} guides share: every covered latent site is mapped to the reals by
 * {@code biject_to(support).inv}, flattened, and concatenated in the model's order into one latent vector of length
 * {@link #latentDim()}; the guide places one distribution on that vector ({@link AutoDiagonalNormal},
 * {@link AutoMultivariateNormal}, {@link AutoLowRankMultivariateNormal}, {@link AutoLaplaceApproximation}).
 *
 * <p>A run samples the vector as the auxiliary site {@code _<Guide>_latent} (Pyro's name; auxiliary, so the model's
 * replay does not look for it), then cuts it into the sites' blocks and samples each site {@code z} in its plates from
 * {@code Delta(biject_to(support)(u), log_density = -log|det J|(u))}, so the guide's total {@code log q} is the density
 * of the pushed-forward vector, as in Pyro. Parameters are named {@code <Guide>.<name>}, e.g.
 * {@code AutoMultivariateNormal.scale_tril}.
 *
 * <p>The initial vector is the unconstrained init value of each site (default {@link InitStrategy#median()}, Pyro's
 * {@code init_to_median}). The whole vector is drawn at once, so plates cannot be subsampled (nor in Pyro); such a run
 * is a {@link SiteException} naming the site, as is a discrete site or a support with no bijection.
 *
 * <p>Thread-safe whenever its model program is: the prototype run that finds the model's sites happens once (a volatile
 * field; two threads racing to make it make the same one), and runs read and write only their context.
 */
public abstract sealed class AutoContinuous extends AutoGuide
        permits AutoDiagonalNormal, AutoMultivariateNormal, AutoLowRankMultivariateNormal, AutoLaplaceApproximation {

    /** One site's stretch of the latent vector. */
    record Block(LatentSite site, Transform bijection, int[] unconstrainedShape, int offset, int size) {}

    private volatile @Nullable List<Block> layout;

    AutoContinuous(Program model, InitStrategy init, Predicate<String> exposed) {
        super(model, init, exposed);
    }

    /** {@return Pyro's name of the guide module, the prefix of its parameters: the class's simple name} */
    public final String prefix() {
        return getClass().getSimpleName();
    }

    /** {@return the name of the auxiliary site of the latent vector, {@code _<Guide>_latent}} */
    public final String latentSiteName() {
        return "_" + prefix() + "_latent";
    }

    /** {@return the store name of the guide's parameter {@code param}, e.g. {@code AutoDiagonalNormal.scale}} */
    public final String paramName(String param) {
        return prefix() + "." + param;
    }

    /**
     * {@return the length of the latent vector: the sum of the sites' unconstrained sizes}
     *
     * @throws IllegalStateException if the guide has not run yet
     */
    public final int latentDim() {
        List<Block> blocks = blocks(latentSites());
        Block last = blocks.get(blocks.size() - 1);
        return last.offset() + last.size();
    }

    /**
     * Cuts a latent vector into the sites and maps each onto its support, as Pyro's {@code _unpack_latent} followed by
     * {@code biject_to(support)}.
     *
     * @param latent a vector of length {@link #latentDim()}
     * @return each site's constrained value, by name, in the model's order
     * @throws IllegalStateException if the guide has not run yet
     */
    public final Map<String, Tensor> unpack(Tensor latent) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Block block : blocks(latentSites())) {
            values.put(block.site().name(), block.bijection().forward(slice(latent, block)));
        }
        return values;
    }

    /**
     * Returns the posterior median of each latent site, as Pyro's {@code AutoContinuous.median()}: the location of
     * the latent vector mapped onto the supports (a monotone map of a normal's median is the median, entry by entry).
     *
     * @param store the trained parameters
     * @return each site's median, by name, in the model's order, detached
     * @throws IllegalStateException if the guide has not run yet
     */
    public Map<String, Tensor> median(ParamStore store) {
        Map<String, Tensor> medians = new LinkedHashMap<>();
        unpack(loc(store)).forEach((site, value) -> medians.put(site, value.detach()));
        return medians;
    }

    /**
     * {@return the location of the latent vector (its mean, or its point for the Laplace guide), detached}
     *
     * @param store the trained parameters
     * @throws IllegalStateException if the guide has not run yet
     */
    public Tensor loc(ParamStore store) {
        latentSites();
        return ParamValues.constrained(store, paramName("loc"));
    }

    /**
     * The distribution of the latent vector, reading this guide's parameters through {@code context} (Pyro's
     * {@code get_posterior()}).
     *
     * @param initialLoc the initial value of the location parameter, the unconstrained init values concatenated
     */
    abstract Distribution latentPosterior(SampleContext context, Tensor initialLoc);

    @Override
    final void check(LatentSite site) {
        bijection(site);
    }

    @Override
    final void sampleSites(SampleContext context, List<LatentSite> sites) {
        List<Block> blocks = blocks(sites);
        Tensor latent = context.sample(latentSiteName(), latentPosterior(context, initialLoc(blocks)),
                SiteOptions.AUXILIARY);
        for (Block block : blocks) {
            LatentSite site = block.site();
            Plate[] plates = site.platesIn(context);
            for (Plate plate : plates) {
                if (plate.subsampleSize() != plate.size()) {
                    throw new SiteException(site.name(), "", prefix() + " draws the whole latent vector at once, so "
                            + plate + " cannot be subsampled (nor in Pyro); use AutoNormal, or no subsampling");
                }
            }
            Tensor unconstrained = slice(latent, block);
            Tensor value = block.bijection().forward(unconstrained);
            context.sample(site.name(), Delta.of(value, logDensity(block, unconstrained, value), site.eventDim()),
                    plates);
        }
    }

    /** The unconstrained init values of the sites, flattened and concatenated: Pyro's {@code _init_loc}. */
    static Tensor initialLoc(List<Block> blocks) {
        List<Tensor> parts = new ArrayList<>();
        for (Block block : blocks) {
            Tensor unconstrained = block.bijection().inverse(block.site().initialValue()).detach();
            parts.add(unconstrained.reshape(block.size()));
        }
        return Tensor.cat(0, parts);
    }

    /** {@return Pyro's {@code log_density} of a site's Delta: {@code -log|det J|} of the bijection, per batch member} */
    static Tensor logDensity(Block block, Tensor unconstrained, Tensor value) {
        Tensor logDet = block.bijection().logAbsDetJacobian(unconstrained, value);
        int batchRank = value.rank() - block.site().eventDim();
        while (logDet.rank() > batchRank) {
            logDet = logDet.sum(-1, false);
        }
        return logDet.neg();
    }

    /** {@return the site's stretch of the latent vector, in its unconstrained shape} */
    static Tensor slice(Tensor latent, Block block) {
        return latent.slice(-1, block.offset(), block.offset() + block.size()).reshape(block.unconstrainedShape());
    }

    /** The sites' blocks, computed once (the sites are fixed by the first run). */
    final List<Block> blocks(List<LatentSite> sites) {
        List<Block> known = layout;
        if (known != null) {
            return known;
        }
        List<Block> blocks = new ArrayList<>();
        int offset = 0;
        for (LatentSite site : sites) {
            Transform bijection = bijection(site);
            int[] shape = bijection.inverseShape(site.shape());
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            blocks.add(new Block(site, bijection, shape, offset, size));
            offset += size;
        }
        if (offset == 0) {
            throw new IllegalStateException(prefix() + " found no latent variables in its model; use an empty guide "
                    + "instead (Pyro raises the same)");
        }
        layout = List.copyOf(blocks);
        return layout;
    }

    /** {@return {@code biject_to(support)}; with Pyro's {@code helpful_support_errors}, naming the site} */
    private Transform bijection(LatentSite site) {
        try {
            return ConstraintTransforms.bijectTo(site.support());
        } catch (UnsupportedOperationException e) {
            throw new SiteException(site.name(), "", prefix() + " needs a bijection onto the support "
                    + site.support().spec() + ", and there is none: " + e.getMessage(), e);
        }
    }
}
