package dev.trellis.samples.factorisation;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Bayesian matrix factorisation, as in the seed tutorial: each user and each item has a latent vector of length k,
 * and a rating is their dot product plus Gaussian noise of known scale. Only the training entries enter the
 * likelihood; the held-out ones are masked out.
 *
 * <pre>
 * for each user u (plate users, dim -2):  userFactors_u ~ Normal(0, 1)^k
 * for each item i (plate items, dim -1):  itemFactors_i ~ Normal(0, 1)^k
 * for each (u, i):  rating_ui ~ Normal(userFactors_u . itemFactors_i, sigma), masked by train_ui
 * </pre>
 *
 * <p>Shapes: a user's factors are {@code [users, 1, k]} (batch [users, 1], event [k]), an item's {@code [items, k]};
 * their product broadcasts to {@code [users, items, k]} and sums to the {@code [users, items]} means.
 */
@Model
@Dim(name = "rank", from = "rank")
public class MatrixFactorisation {
    final int rank;
    private final double sigma;
    private final Tensor train;

    /**
     * The model for a ratings matrix whose training entries are {@code train}.
     *
     * @param rank k, the length of every latent vector
     * @param sigma the noise's standard deviation
     * @param train 1 for an entry in the likelihood, 0 for a held-out one: shape [users, items]
     */
    public MatrixFactorisation(int rank, double sigma, Tensor train) {
        if (rank < 1 || !(sigma > 0)) {
            throw new IllegalArgumentException("rank must be at least 1 and sigma positive, got rank " + rank
                    + ", sigma " + sigma);
        }
        this.rank = rank;
        this.sigma = sigma;
        this.train = train;
    }

    @Sample @Plate("users") @Shape(event = "rank")
    Distribution userFactors() {
        return Normal.of(Tensor.zeros(rank), Tensor.ones(rank)).toEvent(1);
    }

    @Sample @Plate("items") @Shape(event = "rank")
    Distribution itemFactors() {
        return Normal.of(Tensor.zeros(rank), Tensor.ones(rank)).toEvent(1);
    }

    @Sample @Plate({"users", "items"}) @Observed @Shape
    Distribution rating(@Shape("users, 1, rank") Tensor userFactors, @Shape("items, rank") Tensor itemFactors) {
        Tensor mean = predictedRatings(userFactors, itemFactors);
        return Normal.of(mean, Tensor.full(sigma, mean.shape())).mask(train);
    }

    /**
     * {@return the matrix of dot products, [users, items]}
     *
     * @param userFactors [users, 1, k]
     * @param itemFactors [items, k]
     */
    public static Tensor predictedRatings(Tensor userFactors, Tensor itemFactors) {
        return userFactors.mul(itemFactors).sum(-1, false);
    }
}
