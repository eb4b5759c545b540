package dev.trellis.runtime.elimination;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
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
    /**
     * Per variable, posterior mass per instance and value, normalised at the end; allocated by the backward pass that
     * adds it ({@link #addsMarginals}).
     */
    final double[][] marginals;
    /** The scalars {@code result} added into log Z: the backward pass starts from them. */
    int[] resultScalars;
    /** Whether the backward pass now running adds posterior mass into {@link #marginals}. */
    private boolean addsMarginals;
    /** Whether it computes the adjoints of the caller's tables ({@link Table#given}). */
    private boolean addsGivenAdjoints;
    /** What the backward passes run so far have computed. */
    private boolean marginalsDone;
    private boolean givenAdjointsDone;
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
    }

    /**
     * Runs the backward pass from the result's scalars, computing at least the marginal mass or the adjoints of the
     * caller's tables, or both. What a pass computes depends on the query: MARGINALS needs the marginals, GRADIENT the
     * adjoints, and the other is computed only when asked for ({@link Elimination#marginal} under GRADIENT,
     * {@link Elimination#adjoint} of a given table under MARGINALS), by running the pass again with both: every adjoint
     * and mass is cleared first, and the pass is deterministic, so the adjoints come out bit for bit the same.
     */
    void runBackward(boolean marginals, boolean givenAdjoints) {
        boolean again = marginalsDone || givenAdjointsDone;
        if (again) {
            for (Table table : tables) {
                if (table.adjoint != null) {
                    Arrays.fill(table.adjoint, 0.0);
                }
            }
        }
        addsMarginals = marginals;
        addsGivenAdjoints = givenAdjoints;
        if (marginals) {
            for (int v = 0; v < domains.length; v++) {
                if (domains[v] != 0) {
                    int rows = instances.count(layout.node(v));
                    this.marginals[v] = new double[Math.multiplyExact(rows, domains[v])];
                }
            }
        }
        for (int id : resultScalars) {
            tables.get(id).adjointArray()[0] += 1.0;
        }
        for (int s = steps.size() - 1; s >= 0; s--) {
            steps.get(s).backward(this);
        }
        if (marginals) {
            normaliseMarginals();
        }
        marginalsDone |= marginals;
        givenAdjointsDone |= givenAdjoints;
    }

    /** Whether the marginal mass has been computed (after {@link #runBackward}). */
    boolean hasMarginals() {
        return marginalsDone;
    }

    /** Whether the adjoints of the caller's tables have been computed (after {@link #runBackward}). */
    boolean hasGivenAdjoints() {
        return givenAdjointsDone;
    }

    /** Whether the backward pass now running adds posterior mass into {@link #marginals}. */
    boolean addsMarginals() {
        return addsMarginals;
    }

    /**
     * Whether the backward pass now running needs the adjoint of a table: always for a table a step made (the steps
     * before it read it), for one the caller gave only when its adjoints are asked for.
     */
    boolean needsAdjoint(Table table) {
        return !table.given || addsGivenAdjoints;
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
