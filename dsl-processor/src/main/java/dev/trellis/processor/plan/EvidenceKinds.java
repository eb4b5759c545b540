package dev.trellis.processor.plan;

import dev.trellis.processor.graph.Binding;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.GlobalInput;
import dev.trellis.processor.ir.Support;
import dev.trellis.processor.ir.ValueType;
import java.util.List;

/**
 * Chooses the {@link EvidenceKind} of an evidence factor (design note §3.5, §5.3).
 *
 * <p>Data parents decide first. Finite ints are tabulated over their values (a lookup axis, or cells of a dense
 * evidence). {@code Tensor} parents are read in blocks ({@link EvidenceKind#BATCHED}): the method sees a block of
 * instances, as Pyro's vectorised model sees a batch of sequences, which is what lets a network in it run on whole
 * batches. hmm.py model_2's shape — a Bernoulli over folded plates reading its own previous value with an initial,
 * and no network — keeps the autoregressive kind: two tables per cell, no per-instance work at all, valid because
 * such a method reads each member's own previous value (checked at run time). A network reads the whole previous
 * vector (the nnHMM's convolution mixes neighbouring tones), so a site that reads one is batched. Anything else
 * (a {@code double} parent, or Tensors mixed with ints) is scored per instance.
 */
final class EvidenceKinds {
    private static final String BERNOULLI = Support.RUNTIME_PACKAGE + ".Bernoulli";
    private static final String CATEGORICAL = Support.RUNTIME_PACKAGE + ".Categorical";

    private EvidenceKinds() {}

    static EvidenceKind of(Factor factor) {
        String family = factor.site().distribution().qualifiedName();
        boolean bernoulli = family.equals(BERNOULLI);
        boolean categorical = family.equals(CATEGORICAL);
        boolean folded = !factor.foldedPlates().isEmpty();
        List<Binding.Data> data = factor.dataParents();
        if (data.isEmpty()) {
            if (bernoulli && folded) {
                return EvidenceKind.BERNOULLI_SPARSE;
            }
            return categorical && !folded ? EvidenceKind.CATEGORICAL_LOOKUP : EvidenceKind.DENSE;
        }
        if (bernoulli && folded && data.size() == 1 && readsOwnPreviousTensor(factor, data.get(0))
                && !readsNetwork(factor)) {
            return EvidenceKind.BERNOULLI_AUTOREGRESSIVE;
        }
        if (data.stream().allMatch(d -> d.type() == ValueType.TENSOR)) {
            return EvidenceKind.BATCHED;
        }
        if (data.stream().anyMatch(d -> !d.isFiniteInt())) {
            return EvidenceKind.PER_INSTANCE;
        }
        // Finite int data parents are tabulated over their values: an axis of the lookup table, or cells of DENSE.
        return categorical && !folded ? EvidenceKind.CATEGORICAL_LOOKUP : EvidenceKind.DENSE;
    }

    private static boolean readsNetwork(Factor factor) {
        return factor.arguments().stream()
                .anyMatch(b -> b instanceof Binding.Global g && g.kind() == GlobalInput.Kind.NETWORK);
    }

    /** hmm.py model_2: the site's own value one step earlier, as a Tensor over the folded plates, with an initial. */
    private static boolean readsOwnPreviousTensor(Factor factor, Binding.Data data) {
        return data.site().equals(factor.name()) && data.lag() == 1 && data.type() == ValueType.TENSOR
                && data.parameter().initial().isPresent();
    }
}
