package dev.trellis.runtime.parallel;

import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.elimination.tables.ObservedData;
import dev.trellis.runtime.elimination.tables.SharedInputEvidence;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the blocks of one data-parallel step share: the model's tables, tabulated once from the globals, and the
 * evidence whose inputs are functions of the globals alone ({@link SharedInputEvidence}), tabulated once over all of
 * the step's members that this process evaluates. A generated program fills it ({@link MemberProgram#memberTables});
 * each block then runs only the elimination over its own members and returns the adjoints of these <em>inputs</em>
 * ({@link BlockGradient}), which are added up exactly and taken back through this one tabulation
 * ({@link MemberFactor}): one tabulation and one backward pass per step, whatever the number of blocks.
 *
 * <p>The inputs, in order: every table (slot order), then the inputs of each shared evidence (slot order). Each has a
 * {@link #inputNames() name} that does not depend on the members, so that the tabulations of two processes (a
 * driver and an executor holding other members) agree on where each input's adjoint goes.
 *
 * <p>Filled on one thread, then only read: thread-safe for reading, so the blocks of a step may run on several
 * threads.
 */
public final class StepTables {

    private final List<Tensor> tables = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();
    /** Per slot: the evidence over all of the step's members here, or null where each block scores its own. */
    private final List<@Nullable Evidence> evidences = new ArrayList<>();
    /** {@link #inputs()}, once asked for (the tabulation is complete by then). */
    private volatile @Nullable List<Tensor> inputs;

    /**
     * Adds the next table (slot {@code tableCount()}).
     *
     * @param logProbs the table, as {@code Tabulation.table} made it
     * @return {@code logProbs}
     */
    public Tensor table(Tensor logProbs) {
        checkFilling();
        tables.add(Objects.requireNonNull(logProbs, "logProbs"));
        values.add(logProbs.detach().toArray());
        return logProbs;
    }

    /** Adds the next evidence (slot {@code evidenceCount()}), tabulated over all of the step's members here. */
    public void evidence(Evidence evidence) {
        checkFilling();
        evidences.add(Objects.requireNonNull(evidence, "evidence"));
    }

    /**
     * Adds the next evidence slot as one that each block scores from its own data (its inputs depend on them), so
     * that nothing is tabulated for it here.
     */
    public void ownEvidence() {
        checkFilling();
        evidences.add(null);
    }

    private void checkFilling() {
        if (inputs != null) {
            throw new IllegalStateException("the step's tabulation is complete: its inputs were read");
        }
    }

    /** {@return the table of a slot} */
    public Tensor table(int slot) {
        return tables.get(slot);
    }

    /** {@return the entries of a slot's table, row-major; shared by the blocks, never to be modified} */
    public double[] values(int slot) {
        return values.get(slot);
    }

    /**
     * The evidence of a slot for one block's data: the shared tabulation read over the block's rows when the evidence
     * shares its inputs and can ({@link SharedInputEvidence#over}); otherwise the block's own evidence, made by
     * {@code tabulate} (its inputs then depend on the block's data, and the block differentiates them itself).
     *
     * @param slot the evidence's slot
     * @param data the block's data of the evidence's site
     * @param tabulate makes the evidence over {@code data} from the block's globals
     */
    public Evidence evidence(int slot, ObservedData data, Function<ObservedData, Evidence> tabulate) {
        SharedInputEvidence shared = shared(slot);
        if (shared != null) {
            Evidence over = shared.over(data);
            if (over != null) {
                return over;
            }
        }
        return tabulate.apply(data);
    }

    /** {@return whether {@code evidence} reads the inputs of the slot's shared tabulation: the same tensors} */
    boolean readsShared(int slot, Evidence evidence) {
        SharedInputEvidence shared = shared(slot);
        if (shared == null || !(evidence instanceof SharedInputEvidence)) {
            return false;
        }
        List<Tensor> own = evidence.inputs();
        List<Tensor> theirs = shared.inputs();
        if (own.size() != theirs.size()) {
            return false;
        }
        for (int k = 0; k < own.size(); k++) {
            if (own.get(k) != theirs.get(k)) {   // identity: equal values are not enough
                return false;
            }
        }
        return true;
    }

    /** {@return the slot's evidence when its inputs are shared} */
    @Nullable SharedInputEvidence shared(int slot) {
        return evidences.get(slot) instanceof SharedInputEvidence shared ? shared : null;
    }

    /** {@return the number of tables} */
    public int tableCount() {
        return tables.size();
    }

    /** {@return the number of evidences} */
    public int evidenceCount() {
        return evidences.size();
    }

    /** {@return the shared inputs that require a gradient, in order (tables, then shared evidences' inputs)} */
    public List<Tensor> inputs() {
        List<Tensor> known = inputs;
        if (known == null) {   // every block asks: found once (a race finds the same list twice)
            known = findInputs();
            inputs = known;
        }
        return known;
    }

    private List<Tensor> findInputs() {
        List<Tensor> inputs = new ArrayList<>();
        for (Tensor table : tables) {
            if (table.requiresGrad()) {
                inputs.add(table);
            }
        }
        for (int e = 0; e < evidences.size(); e++) {
            SharedInputEvidence shared = shared(e);
            if (shared != null) {
                inputs.addAll(shared.inputs());
            }
        }
        return List.copyOf(inputs);
    }

    /** {@return a name per {@link #inputs()} entry, independent of the members tabulated over} */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (int t = 0; t < tables.size(); t++) {
            if (tables.get(t).requiresGrad()) {
                names.add("table " + t);
            }
        }
        for (int e = 0; e < evidences.size(); e++) {
            SharedInputEvidence shared = shared(e);
            if (shared != null && !shared.inputs().isEmpty()) {
                for (String name : shared.inputNames()) {
                    names.add("evidence " + e + " (" + shared.site() + "): " + name);
                }
            }
        }
        return names;
    }

    /** {@return the number of entries of {@link #inputs()}, all together} */
    public int inputLength() {
        // (a few dozen inputs at most: summed on each call)
        int length = 0;
        for (Tensor input : inputs()) {
            length = Math.addExact(length, input.numElements());
        }
        return length;
    }
}
