/**
 * torch's constraint transforms ({@code torch.distributions.transforms}) and its two registries,
 * {@code biject_to} and {@code transform_to} ({@link dev.trellis.runtime.transforms.ConstraintTransforms}): the
 * maps between an unconstrained space and a constrained one through which learned parameters are stored and
 * autoguides place their densities.
 *
 * <p>Every transform is written with differentiable {@link dev.trellis.runtime.tensor.Tensor} operations and
 * reproduces torch 1.13's formulas step by step, including its clamping at saturation, so values match torch's
 * (and Pyro's loss trajectories do) where a more accurate formula would not.
 */
@NullMarked
package dev.trellis.runtime.transforms;

import org.jspecify.annotations.NullMarked;
