package dev.trellis.runtime.transforms;

import dev.trellis.runtime.constraints.Constraint;

/**
 * torch's two constraint registries ({@code torch.distributions.constraint_registry}), as Pyro 1.8.6 sees them:
 * {@link #bijectTo} ({@code biject_to}) and {@link #transformTo} ({@code transform_to}). Both map the reals onto
 * the constraint's set; they differ where a bijection is a poor parameterisation for optimisation.
 *
 * <ul>
 *   <li>{@code biject_to(c)} is always bijective, with a log-determinant: for autoguides that place a density on
 *       the unconstrained space (AutoNormal and friends).</li>
 *   <li>{@code transform_to(c)} need not be: for storing constrained learned parameters ({@code pyro.param},
 *       AutoDelta). For the simplex it is {@link SoftmaxTransform} (one free value per entry) instead of
 *       {@link StickBreakingTransform}; for lower-Cholesky factors it is {@link LowerCholeskyTransform}, which has
 *       no bijective counterpart in torch 1.13, and for Pyro's unit lower-Cholesky factors
 *       {@link UnitLowerCholeskyTransform}, likewise.</li>
 * </ul>
 *
 * <p>The transforms are the very objects torch builds, so that values and log-determinants agree with torch to
 * rounding: {@code real} gives the empty {@link ComposeTransform} (torch's {@code identity_transform}); positive and
 * {@code greater_than(c)} give {@code exp} then {@code AffineTransform(c, 1)} (torch treats positive as
 * {@code greater_than(0)}, so the affine step is there even for 0); {@code interval(a, b)} gives {@code sigmoid}
 * then {@code AffineTransform(a, b - a)}, except that {@code interval(0, 1)} and the unit interval give the bare
 * {@link SigmoidTransform}.
 *
 * <p>Constraints neither registry knows (constraints added to {@link Constraint} after this class) are reported
 * with an {@link UnsupportedOperationException}, as torch raises NotImplementedError for an unregistered one.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class ConstraintTransforms {

    private ConstraintTransforms() {
    }

    /**
     * Returns torch's {@code biject_to(constraint)}: a bijection from the reals onto the constraint's set.
     *
     * @param constraint the constraint
     * @return the transform
     * @throws UnsupportedOperationException for {@link Constraint.LowerCholesky} (torch 1.13 has no bijection for
     *     it) and for constraints this registry does not know
     */
    public static Transform bijectTo(Constraint constraint) {
        if (constraint instanceof Constraint.Independent independent) {
            return new IndependentTransform(bijectTo(independent.base()), independent.reinterpretedDims());
        }
        if (constraint instanceof Constraint.Simplex) {
            return new StickBreakingTransform();
        }
        if (constraint instanceof Constraint.LowerCholesky) {
            throw new UnsupportedOperationException("biject_to(" + constraint.spec() + ") is not implemented, as in "
                    + "torch 1.13 (NotImplementedError: Cannot transform _LowerCholesky constraints): no bijection onto "
                    + "lower-Cholesky factors is defined; use transformTo(" + constraint.spec() + ") for a learned "
                    + "parameter, which is not bijective and has no log-determinant");
        }
        return elementwise("biject_to", constraint);
    }

    /**
     * Returns torch's {@code transform_to(constraint)}: a map from unconstrained values onto the constraint's
     * set, not necessarily bijective.
     *
     * @param constraint the constraint
     * @return the transform
     * @throws UnsupportedOperationException for constraints this registry does not know
     */
    public static Transform transformTo(Constraint constraint) {
        if (constraint instanceof Constraint.Independent independent) {
            return new IndependentTransform(transformTo(independent.base()), independent.reinterpretedDims());
        }
        if (constraint instanceof Constraint.Simplex) {
            return new SoftmaxTransform();
        }
        if (constraint instanceof Constraint.LowerCholesky) {
            return new LowerCholeskyTransform();
        }
        // Pyro registers unit_lower_cholesky with transform_to only
        if (constraint instanceof Constraint.UnitLowerCholesky) {
            return new UnitLowerCholeskyTransform();
        }
        return elementwise("transform_to", constraint);
    }

    /**
     * The entries both registries share: the element-wise constraints. Written as an {@code instanceof} chain
     * with a final throw, not an exhaustive switch, because {@link Constraint} gains records over time and a new
     * one must fail here with a message rather than be mapped silently.
     */
    private static Transform elementwise(String registry, Constraint constraint) {
        if (constraint instanceof Constraint.Real) {
            return new ComposeTransform();
        }
        if (constraint instanceof Constraint.Positive) {
            return greaterThan(0.0);
        }
        // Pyro registers softplus_positive with both registries.
        if (constraint instanceof Constraint.SoftplusPositive) {
            return new SoftplusTransform();
        }
        if (constraint instanceof Constraint.GreaterThan greaterThan) {
            return greaterThan(greaterThan.lower());
        }
        // torch registers greater_than_eq (and nonnegative) with the same map as greater_than: exp never reaches the
        // bound, which has probability zero anyway.
        if (constraint instanceof Constraint.GreaterThanEq greaterThanEq) {
            return greaterThan(greaterThanEq.lower());
        }
        if (constraint instanceof Constraint.UnitInterval) {
            return new SigmoidTransform();
        }
        if (constraint instanceof Constraint.Interval interval) {
            if (interval.lower() == 0 && interval.upper() == 1) {
                return new SigmoidTransform();
            }
            return new ComposeTransform(new SigmoidTransform(),
                    new AffineTransform(interval.lower(), interval.upper() - interval.lower()));
        }
        // torch registers half_open_interval with interval's map.
        if (constraint instanceof Constraint.HalfOpenInterval interval) {
            return new ComposeTransform(new SigmoidTransform(),
                    new AffineTransform(interval.lower(), interval.upper() - interval.lower()));
        }
        throw new UnsupportedOperationException(registry + "(" + constraint.spec() + ") is not implemented: no "
                + "transform is registered for constraints of type " + constraint.getClass().getSimpleName()
                + "; register one in " + ConstraintTransforms.class.getSimpleName()
                + " (torch raises NotImplementedError here)");
    }

    private static Transform greaterThan(double lower) {
        return new ComposeTransform(new ExpTransform(), new AffineTransform(lower, 1.0));
    }
}
