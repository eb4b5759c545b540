package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small model for the engine's tests, written the way the planner sees one: plates with instance counts,
 * enumerated variables, and factors (homogeneous tables, with a table per boundary step when they read lagged uses,
 * and evidence rows per instance) filled with random log values. {@link BruteForce} evaluates it by enumerating
 * every joint assignment; a test's hand-written plan registers its factors with an {@link Elimination}.
 */
final class ToyModel {

    static final int ROOT = Layout.ROOT;

    /** A plate: its parent and its instance count inside each parent instance. */
    record Plate(String name, int parent, int[] counts) {
    }

    /** An enumerated variable. */
    record Var(String site, int node, int k) {
    }

    /** A factor: a homogeneous table (with boundary variants) or per-instance evidence over some uses. */
    static final class Factor {
        final String name;
        final int node;
        final int[] uses;
        final boolean evidence;
        int[] sizes;
        int cells;
        int maxLag;
        /** The steady table (TABLE factors). */
        double[] table;
        /** boundary[j]: the table of step j < maxLag, over the uses of lag <= j (TABLE factors). */
        double[][] boundary;
        int[][] boundaryUses;
        /** Rows [instances][cells] (EVIDENCE factors), replicated along uses that do not exist yet. */
        double[] rows;
        /** The engine's table ids at the last registration: steady (or evidence), then per boundary step. */
        int id = -1;
        int[] boundaryIds;

        Factor(String name, int node, int[] uses, boolean evidence) {
            this.name = name;
            this.node = node;
            this.uses = uses;
            this.evidence = evidence;
        }
    }

    final SplittableRandom random;
    private final Layout.Builder builder = Layout.builder();
    final List<Plate> plates = new ArrayList<>();
    final List<Var> vars = new ArrayList<>();
    final List<Factor> factors = new ArrayList<>();
    private final List<int[]> uses = new ArrayList<>();
    private final List<Double> scales = new ArrayList<>();
    private Layout layout;
    private int[][] offsets;
    /** The lowest log value random entries take (log 0.02 by default). */
    double floor = Math.log(0.02);

    ToyModel(long seed) {
        this.random = new SplittableRandom(seed);
    }

    int plate(String name, int parent, int... countsPerParentInstance) {
        plates.add(new Plate(name, parent, countsPerParentInstance.clone()));
        scales.add(1.0);
        return builder.plate(name, parent);
    }

    void scale(int plate, double scale) {
        scales.set(plate, scale);
    }

    double scaleOf(int plate) {
        return scales.get(plate);
    }

    int variable(String site, int node, int k) {
        vars.add(new Var(site, node, k));
        return builder.variable(site, node);
    }

    int use(int variable, int lag) {
        int id = builder.use(variable, lag);
        if (id == uses.size()) {
            uses.add(new int[] {variable, lag});
        }
        return id;
    }

    /** The use's variable. */
    int varOf(int use) {
        return uses.get(use)[0];
    }

    int lagOf(int use) {
        return uses.get(use)[1];
    }

    Factor table(String name, int node, int... factorUses) {
        Factor f = new Factor(name, node, factorUses.clone(), false);
        factors.add(f);
        return f;
    }

    Factor evidence(String name, int node, int... factorUses) {
        Factor f = new Factor(name, node, factorUses.clone(), true);
        factors.add(f);
        return f;
    }

    /** Freezes the structure and draws every factor's values. */
    Layout layout() {
        if (layout != null) {
            return layout;
        }
        layout = builder.build();
        offsets = new int[plates.size()][];
        for (int p = 0; p < plates.size(); p++) {
            int[] counts = plates.get(p).counts();
            int[] o = new int[counts.length + 1];
            for (int q = 0; q < counts.length; q++) {
                o[q + 1] = o[q] + counts[q];
            }
            if (plates.get(p).parent() != ROOT && counts.length != count(plates.get(p).parent())) {
                throw new IllegalStateException("plate " + plates.get(p).name() + " counts do not match its parent");
            }
            offsets[p] = o;
        }
        for (Factor f : factors) {
            draw(f);
        }
        return layout;
    }

    PlateInstances instances() {
        PlateInstances.Builder b = PlateInstances.builder(layout());
        for (int p = 0; p < plates.size(); p++) {
            if (plates.get(p).parent() == ROOT) {
                b.top(p, plates.get(p).counts()[0]);
                if (scales.get(p) != 1.0) {
                    b.scale(p, scales.get(p));
                }
            } else {
                b.nested(p, plates.get(p).counts());
            }
        }
        return b.build();
    }

    int count(int plate) {
        if (plate == ROOT) {
            return 1;
        }
        int[] o = offsets[plate];
        return o[o.length - 1];
    }

    int[] offsets(int plate) {
        return offsets[plate];
    }

    /** The parent instance of an instance of a plate (0 for top-level plates). */
    int parentOf(int plate, int instance) {
        if (plates.get(plate).parent() == ROOT) {
            return 0;
        }
        int[] o = offsets[plate];
        int q = 0;
        while (o[q + 1] <= instance) {
            q++;
        }
        return q;
    }

    /** The step of an instance within its sequence (its index inside its parent instance). */
    int stepOf(int plate, int instance) {
        return instance - offsets[plate][parentOf(plate, instance)];
    }

    /** The instance of {@code ancestor} containing an instance of {@code plate}. */
    int ancestorOf(int plate, int instance, int ancestor) {
        int p = plate;
        int i = instance;
        while (p != ancestor) {
            i = parentOf(p, i);
            p = plates.get(p).parent();
        }
        return ancestor == ROOT ? 0 : i;
    }

    int sizeOf(int use) {
        return vars.get(varOf(use)).k();
    }

    private void draw(Factor f) {
        f.sizes = Arrays.stream(f.uses).map(this::sizeOf).toArray();
        f.cells = Arrays.stream(f.sizes).reduce(1, (a, b) -> a * b);
        f.maxLag = Arrays.stream(f.uses).map(this::lagOf).max().orElse(0);
        if (!f.evidence) {
            f.table = randomLogs(f.cells);
            f.boundary = new double[f.maxLag][];
            f.boundaryUses = new int[f.maxLag][];
            for (int j = 0; j < f.maxLag; j++) {
                int step = j;
                f.boundaryUses[j] = Arrays.stream(f.uses).filter(u -> lagOf(u) <= step).toArray();
                int cells = Arrays.stream(f.boundaryUses[j]).map(this::sizeOf).reduce(1, (a, b) -> a * b);
                f.boundary[j] = randomLogs(cells);
            }
            return;
        }
        int n = count(f.node);
        f.rows = randomLogs(n * f.cells);
        if (f.maxLag == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int t = stepOf(f.node, i);
            if (t >= f.maxLag) {
                continue;
            }
            int[] index = new int[f.uses.length];
            for (int c = 0; c < f.cells; c++) {
                decode(c, f.sizes, index);
                for (int m = 0; m < f.uses.length; m++) {
                    if (lagOf(f.uses[m]) > t) {
                        index[m] = 0;
                    }
                }
                f.rows[i * f.cells + c] = f.rows[i * f.cells + encode(index, f.sizes)];
            }
        }
    }

    double[] randomLogs(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.log(Math.exp(floor) + random.nextDouble() * (1.0 - Math.exp(floor)));
        }
        return out;
    }

    /** Binds every variable's domain. */
    void bind(Elimination e) {
        for (int v = 0; v < vars.size(); v++) {
            e.bindDomain(v, vars.get(v).k());
        }
    }

    /** Registers a factor's steady table or its evidence, remembering the id. */
    int register(Elimination e, Factor f) {
        if (f.evidence) {
            f.id = e.evidence(new ArrayEvidence(f.name, f.rows, count(f.node), f.cells), f.node, f.uses);
        } else {
            f.id = e.table(f.name, f.table, f.uses);
        }
        return f.id;
    }

    /** Registers a factor's table of boundary step j. */
    int registerBoundary(Elimination e, Factor f, int step) {
        if (f.boundaryIds == null) {
            f.boundaryIds = new int[f.maxLag];
        }
        f.boundaryIds[step] = e.table(f.name + "@" + step, f.boundary[step], f.boundaryUses[step]);
        return f.boundaryIds[step];
    }

    static void decode(int cell, int[] sizes, int[] index) {
        int rest = cell;
        for (int m = sizes.length - 1; m >= 0; m--) {
            index[m] = rest % sizes[m];
            rest /= sizes[m];
        }
    }

    static int encode(int[] index, int[] sizes) {
        int c = 0;
        for (int m = 0; m < sizes.length; m++) {
            c = c * sizes[m] + index[m];
        }
        return c;
    }
}
