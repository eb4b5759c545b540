package dev.trellis.processor.plan;

import dev.trellis.processor.graph.Binding;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.ir.Support;
import dev.trellis.processor.ir.ValueType;
import java.util.List;

/** Chooses the {@link EvidenceKind} of an evidence factor (design note §3.5, §5.3). */
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
        if (bernoulli && folded && data.size() == 1 && readsOwnPreviousTensor(factor, data.get(0))) {
            return EvidenceKind.BERNOULLI_AUTOREGRESSIVE;
        }
        if (data.stream().anyMatch(d -> !d.isFiniteInt())) {
            return EvidenceKind.PER_INSTANCE;
        }
        // Finite int data parents are tabulated over their values: an axis of the lookup table, or cells of DENSE.
        return categorical && !folded ? EvidenceKind.CATEGORICAL_LOOKUP : EvidenceKind.DENSE;
    }

    /** hmm.py model_2: the site's own value one step earlier, as a Tensor over the folded plates, with an initial. */
    private static boolean readsOwnPreviousTensor(Factor factor, Binding.Data data) {
        return data.site().equals(factor.name()) && data.lag() == 1 && data.type() == ValueType.TENSOR
                && data.parameter().initial().isPresent();
    }
}
