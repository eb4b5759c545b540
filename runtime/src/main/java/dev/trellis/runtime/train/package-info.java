/**
 * Training by SVI as an application runs it: {@link dev.trellis.runtime.train.Trainer}, the loop around
 * {@link dev.trellis.runtime.svi.Svi}, with {@link dev.trellis.runtime.train.TrainingListener listeners}, early stopping
 * ({@link dev.trellis.runtime.train.LossPlateau}), atomic checkpoints and exact resumption, and logging through SLF4J
 * ({@link dev.trellis.runtime.train.TrainingLog}); and {@link dev.trellis.runtime.train.Predictive}, draws of the
 * observed sites from the posterior predictive (Pyro's {@code Predictive}).
 */
@NullMarked
package dev.trellis.runtime.train;

import org.jspecify.annotations.NullMarked;
