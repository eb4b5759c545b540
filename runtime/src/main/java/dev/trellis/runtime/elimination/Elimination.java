package dev.trellis.runtime.elimination;

import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation of a model's exact elimination, driven by generated code one call per plan step, then asked what
 * the {@link Query} computes.
 *
 * <p>Calls record tables and run each step forward at once: {@link #table} and {@link #evidence} give log values,
 * {@link #contract} multiplies tables and sums variables out (maxes them out for {@link Query#MAP}),
 * {@link #product} multiplies a table over a plate's instances into the parent plate, {@link #scan} runs the
 * programs of a {@link ScanSpec} along a Markov plate. {@link #result} adds the final scalars into {@code log Z} (the
 * largest log joint for MAP) and then runs the backward pass (MARGINALS, GRADIENT) or the traceback (MAP, SAMPLE);
 * {@link #marginal}, {@link #adjoint} and {@link #assignment} read what they produced.
 *
 * <p>Tables are row-major: the instance axis of their plate (when they have one) outermost, then their axes in the
 * order given; values are logs, {@code -Infinity} an impossible entry. Every argument is checked when it is given,
 * and errors name the site, plate, instance, entry or use at fault.
 *
 * <p>Impossible evidence: {@link #result} is {@code -Infinity} and every adjoint 0 for LIKELIHOOD, MARGINALS and
 * GRADIENT; {@link #marginal}, {@link #assignment}, and {@link #result} under MAP and SAMPLE throw
 * {@link dev.trellis.runtime.errors.ImpossibleEvidenceException} naming where the evidence was first ruled out.
 * Nothing is ever NaN.
 *
 * <p>Single use and not thread-safe: one elimination per evaluation, on one thread.
 */
public final class Elimination {

    private final Tape tape;
    private final Kernels kernels;
    private boolean finished;
    private double logZ;

    /**
     * Starts an evaluation.
     *
     * @param layout the model's plates, variables and uses
     * @param query what to compute
     * @param instances the instances of every plate of {@code layout} in this evaluation
     * @param kernels {@link FastKernels#INSTANCE} (or {@link ReferenceKernels#INSTANCE} in tests)
     * @param rng the random stream of {@link Query#SAMPLE}; ignored otherwise
     * @throws IllegalArgumentException if the instances belong to another layout, or SAMPLE has no rng
     */
    public Elimination(Layout layout, Query query, PlateInstances instances, Kernels kernels, @Nullable Rng rng) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(instances, "instances");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        if (instances.layout() != layout) {
            throw new IllegalArgumentException("the plate instances were built for another layout");
        }
        if (query == Query.SAMPLE && rng == null) {
            throw new IllegalArgumentException("a SAMPLE query needs an Rng");
        }
        this.tape = new Tape(layout, instances, query, rng);
    }

    /**
     * Binds a variable's domain size, once, before any table with one of its uses.
     *
     * @throws IllegalArgumentException if the size is below 1 or differs from an earlier binding
     */
    public void bindDomain(int variable, int size) {
        checkOpen();
        Objects.checkIndex(variable, tape.domains.length);
        String site = tape.layout.site(variable);
        if (size < 1) {
            throw new IllegalArgumentException("variable " + site + ": domain size " + size + " is below 1");
        }
        if (tape.domains[variable] != 0) {
            if (tape.domains[variable] != size) {
                throw new IllegalArgumentException("variable " + site + ": domain size " + size
                        + " differs from the " + tape.domains[variable] + " bound earlier");
            }
            return;
        }
        tape.bind(variable, size);
    }

    /**
     * {@return the domain size bound for a variable, or 0 before {@link #bindDomain}}: with the plate instances, the
     * sizes an {@link EliminationCostModel} is bound to
     */
    public int domainSize(int variable) {
        Objects.checkIndex(variable, tape.domains.length);
        return tape.domains[variable];
    }

    /**
     * Records a homogeneous table (no instance axis; it broadcasts over any plate it is used in).
     *
     * @param site the site it was tabulated from, for messages
     * @param logValues row-major over the axes; copied
     * @param axes use ids
     * @return the table's id
     * @throws IllegalArgumentException naming the site if the length does not match the axes' domain sizes, an axis
     *     repeats or is unbound, or naming the entry if one is NaN or {@code +Infinity}
     */
    public int table(String site, double[] logValues, int... axes) {
        checkOpen();
        Objects.requireNonNull(site, "site");
        int[] sizes = sizes(site, axes);
        int cells = cells(sizes);
        if (logValues.length != cells) {
            throw new IllegalArgumentException("site " + site + ": table of " + logValues.length
                    + " entries, but its axes " + names(axes) + " have " + Arrays.toString(sizes) + " = " + cells);
        }
        TableChecks.checkEntries(site, null, logValues, 0, cells, axes, sizes, tape.layout);
        return add(new Table(tape.tables.size(), site, Layout.ROOT, false, axes.clone(), sizes, 1, 1,
                logValues.clone(), null, true)).id;
    }

    /**
     * Records an observed site's evidence: one row per instance of its plate (one row at the root).
     *
     * @param plate the site's node, or {@link Layout#ROOT}
     * @param axes the enumerated variables the site reads, in the order of the evidence's columns
     * @return the table's id
     * @throws IllegalArgumentException naming the site if the number of rows or columns does not match
     */
    public int evidence(Evidence evidence, int plate, int... axes) {
        checkOpen();
        Objects.requireNonNull(evidence, "evidence");
        String site = evidence.site();
        checkPlate(plate);
        int[] sizes = sizes(site, axes);
        int cells = cells(sizes);
        int rows = tape.instances.count(plate);
        if (evidence.instances() != rows) {
            throw new IllegalArgumentException("site " + site + ": " + evidence.instances() + " rows of evidence, but "
                    + tape.plateLabel(plate) + " has " + rows + " instances");
        }
        if (evidence.cells() != cells) {
            throw new IllegalArgumentException("site " + site + ": " + evidence.cells() + " columns of evidence, but "
                    + "its axes " + names(axes) + " have " + Arrays.toString(sizes) + " = " + cells);
        }
        Table table = new Table(tape.tables.size(), site, plate, plate != Layout.ROOT, axes.clone(), sizes, rows,
                rows, null, evidence, true);
        if (tape.query != Query.LIKELIHOOD) {
            TableChecks.materialise(tape, table);
        }
        return add(table).id;
    }

    /**
     * Multiplies tables and sums uses out: {@code out[i, axes] = (+)_{eliminated} (x)_{inputs} in[i?, ...]}.
     *
     * @param plate the instance axis of the inputs that have one, or {@link Layout#ROOT}
     * @param inputs tables of that plate or of the root (broadcast)
     * @param eliminated uses of lag 0 of variables living at {@code plate}, none eliminated before
     * @param axes the output's axes: the inputs' uses minus the eliminated ones, in the order wanted
     * @return the output's id; it has the instance axis when some input has
     * @throws IllegalArgumentException naming the plate, table or use that does not fit
     */
    public int contract(int plate, int[] inputs, int[] eliminated, int... axes) {
        checkOpen();
        checkPlate(plate);
        String where = "contract at " + tape.plateLabel(plate);
        if (inputs.length == 0) {
            throw new IllegalArgumentException(where + ": no inputs");
        }
        Table[] tables = new Table[inputs.length];
        Set<Integer> union = new LinkedHashSet<>();
        boolean batched = false;
        for (int k = 0; k < inputs.length; k++) {
            tables[k] = input(inputs[k], plate, where);
            batched |= tables[k].batched;
            for (int use : tables[k].axes) {
                union.add(use);
            }
        }
        Set<Integer> gone = new LinkedHashSet<>();
        for (int use : eliminated) {
            checkUse(use);
            int variable = tape.layout.useVariable(use);
            String name = tape.layout.describeUse(use);
            if (!union.contains(use)) {
                throw new IllegalArgumentException(where + " eliminates " + name + ", which no input has");
            }
            if (tape.layout.useLag(use) != 0 || tape.layout.node(variable) != plate) {
                throw new IllegalArgumentException(where + " eliminates " + name + ", but it can only eliminate "
                        + "variables living at " + tape.plateLabel(plate) + " at lag 0 ("
                        + tape.layout.site(variable) + " lives at " + tape.plateLabel(tape.layout.node(variable))
                        + ")");
            }
            if (!gone.add(use)) {
                throw new IllegalArgumentException(where + " eliminates " + name + " twice");
            }
            checkNotEliminated(variable, where);
        }
        Set<Integer> expected = new LinkedHashSet<>(union);
        expected.removeAll(gone);
        Set<Integer> given = new LinkedHashSet<>();
        for (int use : axes) {
            checkUse(use);
            given.add(use);
        }
        if (given.size() != axes.length || !given.equals(expected)) {
            throw new IllegalArgumentException(where + ": output axes " + names(axes)
                    + " are not the inputs' uses minus the eliminated ones, " + names(expected));
        }
        int rows = batched ? tape.instances.count(plate) : 1;
        Table output = add(new Table(tape.tables.size(), where, plate, batched, axes.clone(), sizes(where, axes),
                rows, tape.instances.count(plate), null, null, false));
        for (int use : eliminated) {
            tape.eliminatedBy[tape.layout.useVariable(use)] = where;
        }
        tape.steps.add(kernels.contract(tape, plate, tables, eliminated.clone(), output));
        return output.id;
    }

    /**
     * Multiplies a table over a plate's instances into the plate's parent: {@code out[q, axes] = sum_{i in q} scale
     * * in[i, axes]} in log space (a homogeneous input counts once per instance; the scale is the plate's subsampling
     * scale).
     *
     * @return the output's id: over the same axes, with the parent's instance axis (none when the parent is the root)
     * @throws IllegalArgumentException if the input belongs to another plate
     */
    public int product(int plate, int input) {
        checkOpen();
        if (plate == Layout.ROOT) {
            throw new IllegalArgumentException("product over the root: the root has one instance and no parent");
        }
        checkPlate(plate);
        String where = "product over " + tape.plateLabel(plate);
        Table in = input(input, plate, where);
        int parent = tape.layout.plateParent(plate);
        int rows = tape.instances.count(parent);
        Table output = add(new Table(tape.tables.size(), where, parent, parent != Layout.ROOT, in.axes, in.sizes,
                rows, rows, null, null, false));
        tape.steps.add(ProductStep.run(tape, plate, in, output));
        return output.id;
    }

    /**
     * Runs a scan along a Markov plate (see {@link ScanSpec}).
     *
     * @param plate the Markov plate, {@code spec.plate()}
     * @param inputs the tables of slots {@code 1..n}: per-step tables of the plate or homogeneous ones
     * @return the output's id: over the spec's outer uses, one row per instance of the plate's parent (a sequence)
     * @throws IllegalArgumentException naming the program, op, slot or use that does not fit
     */
    public int scan(int plate, ScanSpec spec, int... inputs) {
        checkOpen();
        Objects.requireNonNull(spec, "spec");
        checkPlate(plate);
        if (plate == Layout.ROOT || spec.plate() != plate) {
            throw new IllegalArgumentException("scan along " + tape.plateLabel(plate) + " with a spec for plate "
                    + spec.plate());
        }
        String where = "scan along " + tape.plateLabel(plate);
        Table[] tables = new Table[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            tables[k] = tape.tables.get(checkTable(inputs[k]));
            if (tables[k].plate != Layout.ROOT && tables[k].plate != plate) {
                throw new IllegalArgumentException(where + ": input " + (k + 1) + " (" + tables[k].name
                        + ") belongs to " + tape.plateLabel(tables[k].plate));
            }
            if (tables[k].evidence == null || tape.query != Query.LIKELIHOOD) {
                TableChecks.materialise(tape, tables[k]);
            }
        }
        int parent = tape.layout.plateParent(plate);
        int[] outer = spec.outerUses();
        int rows = tape.instances.count(parent);
        Table output = new Table(tape.tables.size(), where, parent, parent != Layout.ROOT, outer.clone(),
                sizes(where, outer), rows, rows, null, null, false);
        ScanPlan plan = ScanPlan.of(tape, spec, tables, output, where);
        for (int variable : plan.variables) {
            checkNotEliminated(variable, where);
        }
        add(output);
        for (int variable : plan.variables) {
            tape.eliminatedBy[variable] = where;
        }
        tape.steps.add(kernels.scan(tape, plan));
        return output.id;
    }

    /**
     * Adds the final scalars into {@code log Z} (MAP: the largest log joint) and runs what the query needs afterwards:
     * the backward pass (MARGINALS, GRADIENT) or the traceback (MAP, SAMPLE). Called once.
     *
     * @param scalars tables without axes, of the root
     * @return {@code log Z}, or the largest log joint for MAP; {@code -Infinity} for impossible evidence under
     *     LIKELIHOOD, MARGINALS and GRADIENT
     * @throws dev.trellis.runtime.errors.ImpossibleEvidenceException under MAP and SAMPLE when the evidence is
     *     impossible
     */
    public double result(int... scalars) {
        checkOpen();
        double sum = 0.0;
        double compensation = 0.0;
        boolean impossible = false;
        for (int id : scalars) {
            Table t = tape.tables.get(checkTable(id));
            if (t.axes.length != 0 || t.plate != Layout.ROOT) {
                throw new IllegalArgumentException("result: table " + id + " (" + t.name + ") is not a scalar of the"
                        + " root (axes " + names(t.axes) + ", " + tape.plateLabel(t.plate) + ")");
            }
            TableChecks.materialise(tape, t);
            double term = t.values[0];
            if (term == Double.NEGATIVE_INFINITY) {
                impossible = true;
                continue;
            }
            double next = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - next) + term : (term - next) + sum;
            sum = next;
        }
        finished = true;
        logZ = impossible ? Double.NEGATIVE_INFINITY : sum + compensation;
        if (impossible) {
            if (tape.wantsTraceback()) {
                throw tape.impossible(tape.query == Query.MAP ? "MAP" : "posterior sample");
            }
            return logZ;
        }
        if (tape.wantsBackward()) {
            tape.resultScalars = scalars.clone();
            tape.runBackward(tape.query == Query.MARGINALS, tape.query == Query.GRADIENT);
        } else if (tape.wantsTraceback()) {
            for (int s = tape.steps.size() - 1; s >= 0; s--) {
                tape.steps.get(s).traceback(tape);
            }
        }
        return logZ;
    }

    /**
     * {@return what {@link #result} returned: log Z, or the largest log joint for MAP}
     *
     * @throws IllegalStateException before {@link #result}
     */
    public double logZ() {
        if (!finished) {
            throw new IllegalStateException("log Z is known only after result()");
        }
        return logZ;
    }

    /**
     * {@return the posterior marginals of a variable: row-major [instances of its node][K], each row summing to 1}
     *
     * @throws IllegalStateException before {@link #result}, for another query, or if nothing eliminated the variable
     * @throws dev.trellis.runtime.errors.ImpossibleEvidenceException when the evidence is impossible
     */
    public double[] marginal(int variable) {
        checkAnswer(Query.MARGINALS, Query.GRADIENT, "marginal");
        Objects.checkIndex(variable, tape.domains.length);
        checkEliminated(variable);
        if (logZ == Double.NEGATIVE_INFINITY) {
            throw tape.impossible("marginal of " + tape.layout.site(variable));
        }
        if (!tape.hasMarginals()) {
            tape.runBackward(true, true);   // a GRADIENT query computes them when first asked
        }
        return tape.marginals[variable].clone();
    }

    /**
     * {@return d log Z / d entry of a table, in the table's layout: the posterior expected count of the entry (summed
     * over instances and steps for a homogeneous table, per instance for a table with an instance axis), weighted by
     * the plates' scales; all 0 for impossible evidence}
     *
     * @throws IllegalStateException before {@link #result} or for a query other than GRADIENT and MARGINALS
     */
    public double[] adjoint(int table) {
        checkAnswer(Query.GRADIENT, Query.MARGINALS, "adjoint");
        Table t = tape.tables.get(checkTable(table));
        prepareAdjoint(t);
        double[] adjoint = t.adjoint;
        int rows = t.batched ? t.rows : 1;
        double[] out = new double[rows * t.cells];
        if (adjoint == null) {
            return out;
        }
        if (t.batched || t.adjointRows == 1) {
            System.arraycopy(adjoint, 0, out, 0, out.length);
        } else {
            for (int i = 0; i < t.adjointRows; i++) {
                for (int c = 0; c < t.cells; c++) {
                    out[c] += adjoint[i * t.cells + c];
                }
            }
        }
        return out;
    }

    /**
     * The adjoint of an evidence table or of a table of the root, as {@link #adjoint} returns it, without a copy when
     * the elimination holds it in that layout: the caller must not modify it. For {@link EliminationGradient} and the
     * blocks of a data-parallel step, which read the adjoints once.
     *
     * @throws IllegalStateException before {@link #result} or for a query other than GRADIENT and MARGINALS
     */
    public double[] adjointView(int table) {
        checkAnswer(Query.GRADIENT, Query.MARGINALS, "adjoint");
        Table t = tape.tables.get(checkTable(table));
        prepareAdjoint(t);
        if (t.adjoint != null && (t.batched || t.adjointRows == 1)) {
            return t.adjoint;
        }
        return adjoint(table);
    }

    /** Runs the backward pass again for the adjoint of a given table under MARGINALS, which computes only marginals. */
    private void prepareAdjoint(Table t) {
        if (t.given && !tape.hasGivenAdjoints() && logZ > Double.NEGATIVE_INFINITY) {
            tape.runBackward(true, true);
        }
    }

    /**
     * {@return the decided value of a variable at every instance of its node: the MAP assignment, or the posterior
     * draw}
     *
     * @throws IllegalStateException before {@link #result}, for another query, or if nothing eliminated the variable
     */
    public int[] assignment(int variable) {
        checkAnswer(Query.MAP, Query.SAMPLE, "assignment");
        Objects.checkIndex(variable, tape.domains.length);
        checkEliminated(variable);
        return tape.assignments[variable].clone();
    }

    /** The recorded steps and tables, for white-box tests of the kernels. */
    Tape tape() {
        return tape;
    }

    private void checkAnswer(Query one, Query other, String what) {
        if (!finished) {
            throw new IllegalStateException(what + " is known only after result()");
        }
        if (tape.query != one && tape.query != other) {
            throw new IllegalStateException(what + " is computed by " + one + " and " + other + " queries, not by "
                    + tape.query);
        }
    }

    private void checkEliminated(int variable) {
        if (tape.eliminatedBy[variable] == null) {
            throw new IllegalStateException("variable " + tape.layout.site(variable) + " was never eliminated");
        }
    }

    private void checkNotEliminated(int variable, String where) {
        if (tape.eliminatedBy[variable] != null) {
            throw new IllegalArgumentException(where + " eliminates " + tape.layout.site(variable)
                    + ", which " + tape.eliminatedBy[variable] + " eliminated already");
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("this elimination has produced its result; start a new one");
        }
    }

    private Table add(Table table) {
        tape.tables.add(table);
        return table;
    }

    private Table input(int id, int plate, String where) {
        Table t = tape.tables.get(checkTable(id));
        if (t.plate != Layout.ROOT && t.plate != plate) {
            throw new IllegalArgumentException(where + ": input " + id + " (" + t.name + ") belongs to "
                    + tape.plateLabel(t.plate));
        }
        TableChecks.materialise(tape, t);
        return t;
    }

    private int checkTable(int id) {
        if (id < 0 || id >= tape.tables.size()) {
            throw new IllegalArgumentException("table " + id + " does not exist (" + tape.tables.size()
                    + " recorded)");
        }
        return id;
    }

    private void checkPlate(int plate) {
        if (plate < Layout.ROOT || plate >= tape.layout.plateCount()) {
            throw new IllegalArgumentException("plate " + plate + " is not a plate of the layout or the root (-1)");
        }
    }

    private void checkUse(int use) {
        if (use < 0 || use >= tape.layout.useCount()) {
            throw new IllegalArgumentException("use " + use + " is not a use of the layout");
        }
    }

    private int[] sizes(String site, int[] axes) {
        int[] sizes = new int[axes.length];
        Set<Integer> seen = new LinkedHashSet<>();
        for (int k = 0; k < axes.length; k++) {
            checkUse(axes[k]);
            if (!seen.add(axes[k])) {
                throw new IllegalArgumentException(site + ": axis " + tape.layout.describeUse(axes[k])
                        + " appears twice");
            }
            sizes[k] = tape.useSizes[axes[k]];
            if (sizes[k] == 0) {
                throw new IllegalArgumentException(site + ": the domain of "
                        + tape.layout.site(tape.layout.useVariable(axes[k])) + " is not bound yet");
            }
        }
        return sizes;
    }

    private static int cells(int[] sizes) {
        int cells = 1;
        for (int size : sizes) {
            cells = Math.multiplyExact(cells, size);
        }
        return cells;
    }

    private String names(int[] axes) {
        return Arrays.stream(axes).mapToObj(tape.layout::describeUse).toList().toString();
    }

    private String names(Set<Integer> axes) {
        return axes.stream().map(tape.layout::describeUse).toList().toString();
    }
}
