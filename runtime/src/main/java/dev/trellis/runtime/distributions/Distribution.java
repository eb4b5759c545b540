package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * A probability distribution that a {@code @Sample} method may return, with the shapes, densities and
 * parameterisations of {@code torch.distributions} (and Pyro's wrappers of it).
 *
 * <p>Shapes follow torch: a value has shape {@code sampleShape + batchShape + eventShape}. The batch dimensions are
 * independent draws with (possibly) different parameters; the event dimensions form one draw (a Dirichlet's vector,
 * a MultivariateNormal's vector). {@link #logProb(Tensor)} sums over the event dimensions only, so its result has
 * shape {@code sampleShape + batchShape} after broadcasting the value against the batch shape.
 *
 * <p>Parameters are {@link Tensor}s; when they require gradients, {@link #logProb(Tensor)}, {@link #rsample(Rng)},
 * {@link #mean()}, {@link #variance()} and {@link #entropy()} are built from differentiable tensor operations, so
 * gradients reach the parameters through the autodiff tape.
 *
 * <p>Validation is always on, as with Pyro's default {@code validate_args=True}: invalid parameters are rejected by
 * the factory that builds the distribution, and a value outside {@link #support()} makes {@link #logProb(Tensor)}
 * throw an {@link IllegalArgumentException} that names the distribution, the flat index and the value. Nothing is
 * clamped silently. Implementations are immutable.
 *
 * <p>Distributions whose support is a finite set of integers and that enumerated inference sums over also implement
 * {@link EnumerableDistribution}.
 *
 * <p>Implementations are immutable and thread-safe (every distribution of the runtime is): any number of threads may
 * score and sample one at once, each drawing from its own {@link dev.trellis.runtime.random.Rng}, which is not
 * thread-safe.
 */
public interface Distribution {

    /** {@return the batch shape: independent, differently parameterised draws; a fresh array} */
    int[] batchShape();

    /** {@return the event shape of one draw: {@code []} for scalars, {@code [K]} for vectors; a fresh array} */
    int[] eventShape();

    /**
     * {@return the support, with {@link Constraint#eventDim()} equal to the number of event dimensions} It is what a
     * guide's distribution for the same site must match, and what {@code biject_to} maps unconstrained values onto.
     */
    Constraint support();

    /** {@return whether the support is discrete (integers, booleans, one-hot vectors)} */
    default boolean isDiscrete() {
        return false;
    }

    /**
     * Returns the log-density (or log-mass) of {@code value}, summed over the event dimensions.
     *
     * @param value shape {@code sampleShape + batchShape' + eventShape} where {@code batchShape'} broadcasts with the
     *     batch shape
     * @return shape {@code sampleShape + broadcast(batchShape', batchShape)}; {@code -Infinity} where the value has
     *     density zero inside the support
     * @throws IllegalArgumentException naming the index and value if an entry lies outside the support, or if the
     *     value's trailing dimensions do not match the event shape
     */
    Tensor logProb(Tensor value);

    /**
     * Draws one value of shape {@code batchShape + eventShape}, detached from the autodiff tape.
     *
     * @param rng the random stream; advanced by the draw
     * @return the draw, a constant tensor
     */
    Tensor sample(Rng rng);

    /**
     * {@return whether {@link #rsample(Rng)} gives reparameterised draws, differentiable in the parameters} As torch's
     * {@code has_rsample}.
     */
    default boolean hasRsample() {
        return false;
    }

    /**
     * Draws one value of shape {@code batchShape + eventShape} as a differentiable function of the parameters (the
     * reparameterisation trick, or implicit reparameterisation for Gamma, Beta and Dirichlet, as torch does).
     *
     * @param rng the random stream; advanced by the draw
     * @return the draw, carrying gradients to the parameters that require them
     * @throws UnsupportedOperationException if {@link #hasRsample()} is false
     */
    default Tensor rsample(Rng rng) {
        throw new UnsupportedOperationException(this + " has no reparameterised sampler; use sample(rng) with the "
                + "score-function estimator");
    }

    /**
     * {@return the mean, shape {@code batchShape + eventShape}} NaN or Infinity where torch gives them (the Cauchy's
     * mean is NaN).
     *
     * @throws UnsupportedOperationException where torch raises {@code NotImplementedError}
     */
    Tensor mean();

    /**
     * {@return the variance, shape {@code batchShape + eventShape}}
     *
     * @throws UnsupportedOperationException where torch raises {@code NotImplementedError}
     */
    Tensor variance();

    /**
     * {@return the differential (or Shannon) entropy in nats, shape {@code batchShape}}
     *
     * @throws UnsupportedOperationException where torch raises {@code NotImplementedError}
     */
    Tensor entropy();

    /**
     * Returns this distribution with its parameters broadcast to a larger batch shape, as torch's {@code expand}.
     *
     * @param batchShape the new batch shape; the current batch shape must broadcast to it
     * <p>The default wraps this distribution in an {@link ExpandedDistribution}; families may broadcast their parameters
     * instead.
     *
     * @return the expanded distribution (this one if the shape is unchanged)
     * @throws IllegalArgumentException if the batch shape does not broadcast to {@code batchShape}
     */
    default Distribution expand(int... batchShape) {
        return ExpandedDistribution.of(this, batchShape);
    }

    /**
     * Returns this distribution with its log-density set to 0 where {@code mask} is 0, as Pyro's {@code mask}: the
     * way a site leaves some of its entries out of the likelihood (held-out data, padding).
     *
     * @param mask 0/1 entries whose shape broadcasts with the batch shape
     * @return the masked distribution
     * @throws IllegalArgumentException naming the flat index of an entry that is not 0 or 1, or if the shapes do not
     *     broadcast
     */
    default Distribution mask(Tensor mask) {
        return new MaskedDistribution(this, mask);
    }

    /**
     * Reinterprets the rightmost {@code dims} batch dimensions as event dimensions, as Pyro's {@code to_event} (torch's
     * {@code Independent}): {@link #logProb(Tensor)} then sums over them too.
     *
     * @param dims how many batch dimensions to move, between 0 and the batch rank
     * @return the reinterpreted distribution (this one when {@code dims == 0})
     * @throws IllegalArgumentException if {@code dims} is negative or exceeds the batch rank
     */
    default Distribution toEvent(int dims) {
        return dims == 0 ? this : new Independent(this, dims);
    }
}
