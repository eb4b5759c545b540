package dev.trellis.runtime.parallel;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.elimination.Elimination;
import dev.trellis.runtime.elimination.EliminationGradient;
import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.elimination.tables.SharedInputEvidence;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The gradient of one block of members in a data-parallel step, as plain numbers: the elimination's adjoints of the
 * step's shared inputs ({@link StepTables}: its tables and the inputs of evidence that shares them), and, for evidence
 * whose inputs depend on the block's data (made by the block itself), the gradient with respect to the globals taken
 * through the block's own tape. The generated block elimination registers each table and evidence here as it runs.
 *
 * <p>The block's vector ({@link #vector}) is {@code [log-likelihood, shared input adjoints..., gradient of each global
 * (row-major)...]}: what {@link ExactSums} adds up and {@link MemberFactor} turns into the step's factor.
 *
 * <p>One per block; not thread-safe.
 */
public final class BlockGradient {

    private final StepTables tables;
    private final List<int[]> sharedTables = new ArrayList<>();   // {elimination handle, slot}
    private final List<int[]> sharedEvidences = new ArrayList<>();
    private final List<SharedInputEvidence> sharedEvidenceRows = new ArrayList<>();
    private final EliminationGradient own = new EliminationGradient();

    /** A block's gradient over the step's shared tabulation. */
    public BlockGradient(StepTables tables) {
        this.tables = tables;
    }

    /** Registers the shared table of {@code slot}, read as the elimination's table {@code handle}. */
    public void table(int handle, int slot) {
        sharedTables.add(new int[] {handle, slot});
    }

    /**
     * Registers the evidence of {@code slot} for this block ({@link StepTables#evidence(int,
     * dev.trellis.runtime.elimination.tables.ObservedData, java.util.function.Function)}): its rows are the
     * elimination's table {@code handle}.
     */
    public void evidence(int handle, int slot, Evidence evidence) {
        if (tables.readsShared(slot, evidence)) {
            sharedEvidences.add(new int[] {handle, slot});
            sharedEvidenceRows.add((SharedInputEvidence) evidence);   // readsShared checked the kind
        } else {
            own.evidence(handle, evidence);
        }
    }

    /**
     * {@return the block's vector} {@code [log-likelihood, shared input adjoints..., gradient of each global...]} of
     * {@link #length} entries; only the first is set without {@code gradient}.
     *
     * @param elimination the block's finished elimination, run as a GRADIENT query when {@code gradient}
     * @param globals the globals the block's own evidence read (leaves of the block's tape)
     * @param gradient whether to compute the gradient
     */
    public double[] vector(Elimination elimination, Tensor[] globals, boolean gradient) {
        List<Tensor> inputs = tables.inputs();
        double[] out = new double[length(tables, globals)];
        out[0] = elimination.logZ();
        if (!gradient) {
            return out;
        }
        // shared tables first, at their offsets among the inputs
        int[] offsets = new int[inputs.size()];
        int at = 1;
        for (int i = 0; i < inputs.size(); i++) {
            offsets[i] = at;
            at += inputs.get(i).numElements();
        }
        int input = 0;
        int[] tableInput = new int[tables.tableCount()];
        for (int t = 0; t < tables.tableCount(); t++) {
            tableInput[t] = tables.table(t).requiresGrad() ? input++ : -1;
        }
        for (int[] table : sharedTables) {
            int i = tableInput[table[1]];
            if (i >= 0) {
                addInto(out, offsets[i], elimination.adjointView(table[0]));
            }
        }
        // then the shared evidences' inputs, in slot order, each from its rows' adjoints
        for (int e = 0; e < tables.evidenceCount(); e++) {
            var shared = tables.shared(e);
            if (shared == null) {
                continue;
            }
            int count = shared.inputs().size();
            int[] starts = new int[count];
            for (int j = 0; j < count; j++) {
                starts[j] = offsets[input + j];
            }
            for (int k = 0; k < sharedEvidences.size(); k++) {
                if (sharedEvidences.get(k)[1] != e) {
                    continue;
                }
                // the rows read the shared inputs (readsShared), so their adjoints go straight into the vector
                sharedEvidenceRows.get(k).backwardInto(elimination.adjointView(sharedEvidences.get(k)[0]), out, starts);
            }
            input += count;
        }
        // the block's own evidence: through its tape to the globals
        Tensor logZ = own.logZ(elimination, "block evidence");
        if (logZ.requiresGrad()) {
            Gradients gradients = Autodiff.gradients(logZ);
            for (Tensor global : globals) {
                if (global.requiresGrad()) {
                    addInto(out, at, gradients.of(global).toArray());
                }
                at += global.numElements();
            }
        }
        return out;
    }

    /** {@return the length of a block's vector: 1 + the shared inputs' entries + the globals' entries} */
    public static int length(StepTables tables, Tensor... globals) {
        return Math.addExact(tables.inputLength(), BlockEvaluator.length(globals));
    }

    private static void addInto(double[] out, int at, double[] values) {
        for (int j = 0; j < values.length; j++) {
            out[at + j] += values[j];
        }
    }
}
