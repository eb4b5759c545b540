package dev.trellis.runtime.elimination;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the steps of one elimination share: the layout and instances, the query, the domain sizes, the recorded
 * tables and steps, and what the backward pass and the traceback produce (marginal masses, decided values). Also
 * where the evidence was first found impossible, for the messages of {@link ImpossibleEvidenceException}.
 */
final class Tape {

    final Layout layout;
    final PlateInstances instances;
    final Query query;
    final @Nullable Rng rng;
    /** The domain size of every variable; 0 until bound. */
    final int[] domains;
    /** The domain size of every use (that of its variable); 0 until bound. */
    final int[] useSizes;
    final List<Table> tables = new ArrayList<>();
    final List<TapeStep> steps = new ArrayList<>();
    /** Per variable, what eliminated it ("contract at plate items", ...), or null. */
    final String[] eliminatedBy;
    /** Per variable, its value at every instance of its node (MAP and SAMPLE). */
    final int[][] assignments;
    /** Per variable, posterior mass per instance and value (MARGINALS and GRADIENT), normalised at the end. */
    final double[][] marginals;
    private int deadPlate = Layout.ROOT;
    private int deadInstance = -1;

    Tape(Layout layout, PlateInstances instances, Query query, @Nullable Rng rng) {
        this.layout = layout;
        this.instances = instances;
        this.query = query;
        this.rng = rng;
        this.domains = new int[layout.variableCount()];
        this.useSizes = new int[layout.useCount()];
        this.eliminatedBy = new String[layout.variableCount()];
        this.assignments = new int[layout.variableCount()][];
        this.marginals = new double[layout.variableCount()][];
    }

    /** Whether the query runs the backward pass. */
    boolean wantsBackward() {
        return query == Query.MARGINALS || query == Query.GRADIENT;
    }

    /** Whether the query runs a traceback. */
    boolean wantsTraceback() {
        return query == Query.MAP || query == Query.SAMPLE;
    }

    /** The semiring of the forward pass in log space. */
    Semiring logSemiring() {
        return query == Query.MAP ? Semiring.MAX : Semiring.LOG;
    }

    void bind(int variable, int size) {
        domains[variable] = size;
        for (int use = 0; use < useSizes.length; use++) {
            if (layout.useVariable(use) == variable) {
                useSizes[use] = size;
            }
        }
        int rows = instances.count(layout.node(variable));
        if (wantsTraceback()) {
            assignments[variable] = new int[rows];
        }
        if (wantsBackward()) {
            marginals[variable] = new double[Math.multiplyExact(rows, size)];
        }
    }

    /**
     * {@return the value of a use as seen from an instance of a plate}: the variable's value at that instance (lag
     * 0), {@code lag} instances earlier in the same sequence, or at the ancestor instance that contains it. A lag
     * reaching before the start of the sequence reads index 0 (the boundary view).
     */
    int valueAt(int use, int plate, int instance) {
        int variable = layout.useVariable(use);
        int index = indexOf(use, plate, instance);
        return index < 0 ? 0 : assignments[variable][index];
    }

    /** Records the value of a use (of a variable living at {@code plate}) as seen from an instance. */
    void setValue(int use, int plate, int instance, int value) {
        int variable = layout.useVariable(use);
        int index = indexOf(use, plate, instance);
        if (index >= 0) {
            assignments[variable][index] = value;
        }
    }

    /** The instance of the use's variable's node that a use at (plate, instance) reads; -1 before the start. */
    private int indexOf(int use, int plate, int instance) {
        int variable = layout.useVariable(use);
        int node = layout.node(variable);
        if (node == Layout.ROOT) {
            return 0;
        }
        if (node != plate) {
            return instances.ancestorInstance(plate, instance, node);
        }
        int lag = layout.useLag(use);
        if (lag == 0) {
            return instance;
        }
        int q = instances.parentInstance(plate, instance);
        int start = instances.offsetsView(plate)[q];
        return instance - lag >= start ? instance - lag : -1;
    }

    /** Remembers the first place (in tape order) where every term was ruled out. */
    void recordDead(int plate, int instance) {
        if (deadInstance < 0) {
            deadPlate = plate;
            deadInstance = instance;
        }
    }

    /** {@return the exception for a posterior query on impossible evidence} */
    ImpossibleEvidenceException impossible(String what) {
        if (deadInstance < 0) {
            return new ImpossibleEvidenceException(0, what + ", ruled out only when the tables are combined at the root");
        }
        int index = deadInstance;
        if (deadPlate != Layout.ROOT) {
            int q = instances.parentInstance(deadPlate, deadInstance);
            index = deadInstance - instances.offsetsView(deadPlate)[q];
        }
        return new ImpossibleEvidenceException(index, what + ", first ruled out at "
                + instances.describe(deadPlate, deadInstance));
    }

    /** Divides every instance's row of marginal mass by its sum. */
    void normaliseMarginals() {
        for (int v = 0; v < marginals.length; v++) {
            double[] mass = marginals[v];
            if (mass == null || domains[v] == 0) {
                continue;
            }
            int k = domains[v];
            for (int row = 0; row < mass.length; row += k) {
                double sum = 0.0;
                for (int x = 0; x < k; x++) {
                    sum += mass[row + x];
                }
                if (sum > 0.0) {
                    for (int x = 0; x < k; x++) {
                        mass[row + x] /= sum;
                    }
                }
            }
        }
    }

    String plateLabel(int plate) {
        return layout.plateLabel(plate);
    }
}
