/**
 * Reverse-mode automatic differentiation over {@link dev.trellis.runtime.tensor.Tensor}s.
 *
 * <p>There is no global tape. A tensor that requires grad carries a {@link dev.trellis.runtime.autodiff.Node}
 * recording the operation that made it, references to its inputs' nodes and the operation's own
 * vector-Jacobian product ({@link dev.trellis.runtime.autodiff.Backward}); the graph is the set of nodes
 * reachable from the outputs, kept alive by nothing else. {@link dev.trellis.runtime.autodiff.Autodiff} walks
 * it backwards once per call and returns {@link dev.trellis.runtime.autodiff.Gradients} for the leaves. Nodes
 * are immutable, so one graph may be differentiated from several threads at once.
 */
@NullMarked
package dev.trellis.runtime.autodiff;

import org.jspecify.annotations.NullMarked;
