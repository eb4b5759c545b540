package dev.trellis.runtime.svi;

import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * A site's mask and scale, as Pyro's {@code poutine.mask} and {@code poutine.scale}: the log-probability is multiplied
 * by {@code scale} (on top of the plates' subsampling scale) and set to zero where {@code mask} is 0; and whether a
 * guide's site is auxiliary.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param scale a positive finite factor
 * @param mask null for no mask, or a tensor of 0/1 entries that broadcasts with the site's batch shape
 * @param auxiliary whether the site is a guide's own, with no counterpart in the model, as Pyro's
 *     {@code infer={"is_auxiliary": True}}: e.g. the joint latent vector of {@code AutoMultivariateNormal}, which
 *     the guide then maps to the model's sites. Its {@code log q} enters the ELBO with the guide's other sites, and
 *     the model's replay of the guide does not look for it.
 */
public record SiteOptions(double scale, @Nullable Tensor mask, boolean auxiliary) {

    /** No mask, scale 1. */
    public static final SiteOptions NONE = new SiteOptions(1.0, null);

    /** No mask, scale 1, auxiliary: a guide-only site. */
    public static final SiteOptions AUXILIARY = new SiteOptions(1.0, null, true);

    public SiteOptions {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("a site's scale must be positive and finite, got " + scale);
        }
        if (mask != null) {
            double[] entries = mask.valuesWithoutCopy();
            for (int i = 0; i < entries.length; i++) {
                if (entries[i] != 0.0 && entries[i] != 1.0) {
                    throw new IllegalArgumentException("mask[" + i + "] = " + entries[i] + "; a mask holds 0 or 1");
                }
            }
        }
    }

    /** Options of a site of the model (or a guide site with a model counterpart). */
    public SiteOptions(double scale, @Nullable Tensor mask) {
        this(scale, mask, false);
    }

    /** {@return options with this scale} */
    public static SiteOptions scaled(double scale) {
        return new SiteOptions(scale, null);
    }

    /** {@return options with this mask} */
    public static SiteOptions masked(Tensor mask) {
        return new SiteOptions(1.0, mask);
    }
}
