package dev.trellis.runtime.elimination;

import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins an elimination to the autodiff tape: the tables and evidence a generated program computed from its globals
 * are registered here as the elimination runs, and {@link #logZ} returns log Z as one tensor whose backward pass hands
 * each of them the elimination's adjoint (its posterior expected counts). This is DESIGN.md's "the backward pass of
 * elimination is marginals": no tape node runs through plates, steps or states.
 *
 * <p>One per run; not thread-safe.
 */
public final class EliminationGradient {

    private final List<Integer> tableHandles = new ArrayList<>();
    private final List<Tensor> tables = new ArrayList<>();
    private final List<Integer> evidenceHandles = new ArrayList<>();
    private final List<Evidence> evidences = new ArrayList<>();

    /** {@return whether any of the globals requires a gradient, so that the elimination must run its backward pass} */
    public static boolean anyRequiresGrad(Tensor... globals) {
        for (Tensor global : globals) {
            if (global.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return whether any parameter of the networks requires a gradient} A program's networks are bound to the run's
     * parameter values, which require one while SVI trains them.
     */
    public static boolean anyNetworkRequiresGrad(Module... networks) {
        for (Module network : networks) {
            for (Tensor value : network.parameterValues().values()) {
                if (value.requiresGrad()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Registers a homogeneous table: {@code logProbs} is what the elimination's table {@code handle} was filled from.
     */
    public void table(int handle, Tensor logProbs) {
        tableHandles.add(handle);
        tables.add(logProbs);
    }

    /** Registers evidence: its rows are the elimination's table {@code handle}. */
    public void evidence(int handle, Evidence evidence) {
        evidenceHandles.add(handle);
        evidences.add(evidence);
    }

    /**
     * The elimination's log Z as a scalar tensor whose gradient reaches every registered tensor that requires one; a
     * constant when none does.
     *
     * @param elimination a finished elimination (its {@code result} called), run as {@link Query#GRADIENT} when a
     *     gradient is needed
     * @param name the operation's name on the tape, for messages
     */
    public Tensor logZ(Elimination elimination, String name) {
        Tensor value = Tensor.scalar(elimination.logZ());
        List<Tensor> inputs = new ArrayList<>();
        List<int[]> slots = new ArrayList<>();   // per tape input: {0, table} or {1, evidence, its input}
        for (int t = 0; t < tables.size(); t++) {
            if (tables.get(t).requiresGrad()) {
                inputs.add(tables.get(t));
                slots.add(new int[] {0, t, 0});
            }
        }
        for (int e = 0; e < evidences.size(); e++) {
            List<Tensor> evidenceInputs = evidences.get(e).inputs();
            for (int k = 0; k < evidenceInputs.size(); k++) {
                if (evidenceInputs.get(k).requiresGrad()) {
                    inputs.add(evidenceInputs.get(k));
                    slots.add(new int[] {1, e, k});
                }
            }
        }
        if (inputs.isEmpty()) {
            return value;
        }
        return Tensor.withBackward(value, name, inputs, (out, adjoints) -> {
            double g = out[0];
            double[][][] evidenceAdjoints = new double[evidences.size()][][];
            for (int i = 0; i < slots.size(); i++) {
                int[] slot = slots.get(i);
                if (adjoints[i] == null) {
                    continue;
                }
                if (slot[0] == 0) {
                    double[] adjoint = elimination.adjointView(tableHandles.get(slot[1]));
                    for (int j = 0; j < adjoint.length; j++) {
                        adjoints[i][j] += g * adjoint[j];
                    }
                } else {
                    if (evidenceAdjoints[slot[1]] == null) {
                        evidenceAdjoints[slot[1]] = new double[evidences.get(slot[1]).inputs().size()][];
                    }
                    evidenceAdjoints[slot[1]][slot[2]] = adjoints[i];
                }
            }
            for (int e = 0; e < evidences.size(); e++) {
                if (evidenceAdjoints[e] == null) {
                    continue;
                }
                double[] rows = elimination.adjointView(evidenceHandles.get(e));
                double[][] targets = evidenceAdjoints[e];
                for (int k = 0; k < targets.length; k++) {
                    if (targets[k] == null) {
                        targets[k] = new double[evidences.get(e).inputs().get(k).numElements()];
                    }
                }
                evidences.get(e).backward(rows, g, targets);
            }
        });
    }
}
