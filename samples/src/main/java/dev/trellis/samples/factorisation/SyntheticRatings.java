package dev.trellis.samples.factorisation;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Ratings simulated from {@link MatrixFactorisation}'s own generative story, with the truth kept: standard-normal
 * latent vectors for every user and item, each rating their dot product plus Normal(0, sigma) noise, and a random
 * fraction of entries held out of training.
 *
 * @param rank the latent dimension k
 * @param sigma the noise's standard deviation
 * @param userFactors the true user vectors, [users, 1, k]
 * @param itemFactors the true item vectors, [items, k]
 * @param ratings every rating, held out or not, [users, items]
 * @param train 1 for a training entry, 0 for a held-out one, [users, items]
 */
public record SyntheticRatings(int rank, double sigma, Tensor userFactors, Tensor itemFactors, Tensor ratings,
                               Tensor train) {

    /**
     * Simulates ratings.
     *
     * @param heldOut the probability that an entry is held out, in (0, 1)
     * @param seed seeds the whole simulation
     */
    public static SyntheticRatings simulate(int users, int items, int rank, double sigma, double heldOut, long seed) {
        if (users < 1 || items < 1 || rank < 1 || !(sigma > 0) || !(heldOut > 0 && heldOut < 1)) {
            throw new IllegalArgumentException("need users, items, rank >= 1, sigma > 0 and a held-out fraction in "
                    + "(0, 1); got " + users + ", " + items + ", " + rank + ", " + sigma + ", " + heldOut);
        }
        Rng rng = Rng.seeded(seed);
        Tensor u = gaussian(rng, 1.0, users, 1, rank);
        Tensor v = gaussian(rng, 1.0, items, rank);
        Tensor ratings = MatrixFactorisation.predictedRatings(u, v).add(gaussian(rng, sigma, users, items));
        double[] train = new double[users * items];
        for (int i = 0; i < train.length; i++) {
            train[i] = rng.nextDouble() < heldOut ? 0.0 : 1.0;
        }
        return new SyntheticRatings(rank, sigma, u, v, ratings, Tensor.of(train, users, items));
    }

    /** {@return the number of users} */
    public int users() {
        return ratings.size(0);
    }

    /** {@return the number of items} */
    public int items() {
        return ratings.size(1);
    }

    /** {@return the root mean squared error of {@code predicted} over the held-out entries} */
    public double heldOutRmse(Tensor predicted) {
        return rmse(predicted, 0.0);
    }

    /** {@return the root mean squared error of {@code predicted} over the training entries} */
    public double trainingRmse(Tensor predicted) {
        return rmse(predicted, 1.0);
    }

    /** {@return how many entries are held out} */
    public int heldOutCount() {
        int count = 0;
        for (double t : train.toArray()) {
            count += t == 0.0 ? 1 : 0;
        }
        return count;
    }

    private double rmse(Tensor predicted, double which) {
        double[] p = predicted.toArray();
        double[] r = ratings.toArray();
        double[] t = train.toArray();
        double squares = 0;
        int count = 0;
        for (int i = 0; i < p.length; i++) {
            if (t[i] == which) {
                squares += (p[i] - r[i]) * (p[i] - r[i]);
                count++;
            }
        }
        return Math.sqrt(squares / count);
    }

    private static Tensor gaussian(Rng rng, double scale, int... shape) {
        double[] values = new double[Tensor.zeros(shape).numElements()];
        for (int i = 0; i < values.length; i++) {
            values[i] = scale * rng.nextGaussian();
        }
        return Tensor.of(values, shape);
    }
}
