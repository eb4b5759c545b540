package dev.trellis.samples.factorisation;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * A mean-field normal guide for {@link MatrixFactorisation}: an independent normal for every entry of every user's and
 * item's latent vector. The means start at small random values: at all-zero factors every gradient of the likelihood
 * vanishes (each factor's gradient is a sum of the other factors), and identical starts would stay identical. They
 * come from streams split off the seed's, so a guide never starts from the very draws that simulated data with the
 * same seed.
 */
@Guide(MatrixFactorisation.class)
@Dim(name = "users", from = "users")
@Dim(name = "items", from = "items")
@Dim(name = "rank", from = "rank")
public class MeanFieldFactorsGuide {
    /** The standard deviation of the initial means, and the initial scale of every factor. */
    public static final double INITIAL_SCALE = 0.1;

    final int users;
    final int items;
    final int rank;
    private final long seed;

    /**
     * A guide for {@code users} x {@code items} ratings with latent vectors of length {@code rank}.
     *
     * @param seed seeds the initial means
     */
    public MeanFieldFactorsGuide(int users, int items, int rank, long seed) {
        this.users = users;
        this.items = items;
        this.rank = rank;
        this.seed = seed;
    }

    @Param(name = "user_loc") @Shape("users, 1, rank")
    Tensor userLoc() {
        return randomMeans(Rng.seeded(seed).split(), users, 1, rank);
    }

    @Param(name = "user_scale", constraint = "positive") @Shape("users, 1, rank")
    Tensor userScale() {
        return Tensor.full(INITIAL_SCALE, users, 1, rank);
    }

    @Param(name = "item_loc") @Shape("items, rank")
    Tensor itemLoc() {
        return randomMeans(Rng.seeded(seed).split().split(), items, rank);
    }

    @Param(name = "item_scale", constraint = "positive") @Shape("items, rank")
    Tensor itemScale() {
        return Tensor.full(INITIAL_SCALE, items, rank);
    }

    @Sample @Plate("users") @Shape(event = "rank")
    Distribution userFactors(@Site("user_loc") @Shape("users, 1, rank") Tensor loc,
                             @Site("user_scale") @Shape("users, 1, rank") Tensor scale) {
        return Normal.of(loc, scale).toEvent(1);
    }

    @Sample @Plate("items") @Shape(event = "rank")
    Distribution itemFactors(@Site("item_loc") @Shape("items, rank") Tensor loc,
                             @Site("item_scale") @Shape("items, rank") Tensor scale) {
        return Normal.of(loc, scale).toEvent(1);
    }

    private static Tensor randomMeans(Rng rng, int... shape) {
        Tensor template = Tensor.zeros(shape);
        double[] values = new double[template.numElements()];
        for (int i = 0; i < values.length; i++) {
            values[i] = INITIAL_SCALE * rng.nextGaussian();
        }
        return Tensor.of(values, shape);
    }
}
