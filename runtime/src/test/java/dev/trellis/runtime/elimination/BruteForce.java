package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact answers for a {@link ToyModel} by enumerating every joint assignment of every variable instance: log Z, every
 * marginal, the MAP assignment and its log joint, the expected count of every table entry, and the probability of
 * every joint state (for the samplers' chi-square tests).
 *
 * <p>A subsampled top-level plate scales its instances' contributions after their own variables are summed out
 * (Pyro's semantics, and the engine's): for every assignment r of the variables outside such plates, each instance g
 * contributes {@code scale * log sum_local exp(weight(r, local))}. Without scales this is plain enumeration.
 */
final class BruteForce {

    /** A factor evaluated at one instance of its node. */
    private record FactorInstance(ToyModel.Factor factor, int instance) {
    }

    /** The variables and factors of one instance of a subsampled plate. */
    private record Group(double scale, List<int[]> slots, List<FactorInstance> factors) {
    }

    private final ToyModel m;
    /** Current value of every variable instance, per variable. */
    private final int[][] value;
    private final List<int[]> outsideSlots = new ArrayList<>();
    private final List<FactorInstance> outsideFactors = new ArrayList<>();
    private final List<Group> groups = new ArrayList<>();

    double logZ;
    double mapLogJoint;
    int[][] map;
    double[][] marginals;
    final Map<ToyModel.Factor, double[]> counts = new HashMap<>();
    final Map<ToyModel.Factor, double[][]> boundaryCounts = new HashMap<>();
    /** P(state) over the joint states of every variable instance, when there is no subsampled plate. */
    double[] stateProbabilities;

    private BruteForce(ToyModel m) {
        this.m = m;
        m.layout();
        int nv = m.vars.size();
        value = new int[nv][];
        marginals = new double[nv][];
        map = new int[nv][];
        Map<String, Group> byKey = new HashMap<>();
        for (int v = 0; v < nv; v++) {
            int node = m.vars.get(v).node();
            int n = m.count(node);
            value[v] = new int[n];
            marginals[v] = new double[n * m.vars.get(v).k()];
            map[v] = new int[n];
            for (int i = 0; i < n; i++) {
                Group g = group(node, i, byKey);
                (g == null ? outsideSlots : g.slots()).add(new int[] {v, i});
            }
        }
        for (ToyModel.Factor f : m.factors) {
            counts.put(f, new double[f.evidence ? f.rows.length : f.cells]);
            if (!f.evidence) {
                double[][] b = new double[f.maxLag][];
                for (int j = 0; j < f.maxLag; j++) {
                    b[j] = new double[f.boundary[j].length];
                }
                boundaryCounts.put(f, b);
            }
            for (int i = 0; i < m.count(f.node); i++) {
                Group g = group(f.node, i, byKey);
                (g == null ? outsideFactors : g.factors()).add(new FactorInstance(f, i));
            }
        }
    }

    /** The subsampled top-level instance containing (node, instance), or null. */
    private Group group(int node, int instance, Map<String, Group> byKey) {
        if (node == ToyModel.ROOT) {
            return null;
        }
        int top = node;
        while (m.plates.get(top).parent() != ToyModel.ROOT) {
            top = m.plates.get(top).parent();
        }
        double scale = m.scaleOf(top);
        if (scale == 1.0) {
            return null;
        }
        int i = m.ancestorOf(node, instance, top);
        return byKey.computeIfAbsent(top + ":" + i, key -> {
            Group g = new Group(scale, new ArrayList<>(), new ArrayList<>());
            groups.add(g);
            return g;
        });
    }

    static BruteForce of(ToyModel m) {
        BruteForce b = new BruteForce(m);
        b.solve();
        return b;
    }

    private void solve() {
        int outsideStates = states(outsideSlots);
        double[] logW = new double[outsideStates];
        double[] logMax = new double[outsideStates];
        for (int r = 0; r < outsideStates; r++) {
            set(outsideSlots, r);
            double outside = sum(outsideFactors);
            logW[r] = outside;
            logMax[r] = outside;
            for (Group g : groups) {
                double[] local = localWeights(g);
                logW[r] += g.scale() * logSumExp(local);
                logMax[r] += g.scale() * max(local);
            }
        }
        logZ = logSumExp(logW);
        int best = argMax(logMax);
        mapLogJoint = logMax[best];
        set(outsideSlots, best);
        for (Group g : groups) {
            double[] local = localWeights(g);
            set(g.slots(), argMax(local));
        }
        for (int v = 0; v < value.length; v++) {
            map[v] = value[v].clone();
        }
        if (logZ == Double.NEGATIVE_INFINITY) {
            return;
        }
        if (groups.isEmpty() && outsideStates <= 1 << 16) {
            stateProbabilities = new double[outsideStates];
        }
        for (int r = 0; r < outsideStates; r++) {
            double p = Math.exp(logW[r] - logZ);
            if (stateProbabilities != null) {
                stateProbabilities[r] = p;
            }
            if (p == 0.0) {
                continue;
            }
            set(outsideSlots, r);
            addMarginals(outsideSlots, p);
            for (FactorInstance fi : outsideFactors) {
                count(fi, p);
            }
            for (Group g : groups) {
                double[] local = localWeights(g);
                double z = logSumExp(local);
                for (int l = 0; l < local.length; l++) {
                    double q = Math.exp(local[l] - z);
                    if (q == 0.0) {
                        continue;
                    }
                    set(g.slots(), l);
                    addMarginals(g.slots(), p * q);
                    for (FactorInstance fi : g.factors()) {
                        count(fi, p * q * g.scale());
                    }
                }
            }
        }
    }

    /** The log weight of every local state of a group, given the current outside state. */
    private double[] localWeights(Group g) {
        double[] local = new double[states(g.slots())];
        for (int l = 0; l < local.length; l++) {
            set(g.slots(), l);
            local[l] = sum(g.factors());
        }
        return local;
    }

    private int states(List<int[]> slots) {
        int n = 1;
        for (int[] slot : slots) {
            n = Math.multiplyExact(n, m.vars.get(slot[0]).k());
        }
        return n;
    }

    /** Sets the slots' values to joint state s (row-major, first slot outermost). */
    private void set(List<int[]> slots, int s) {
        int rest = s;
        for (int k = slots.size() - 1; k >= 0; k--) {
            int[] slot = slots.get(k);
            int size = m.vars.get(slot[0]).k();
            value[slot[0]][slot[1]] = rest % size;
            rest /= size;
        }
    }

    private void addMarginals(List<int[]> slots, double p) {
        for (int[] slot : slots) {
            int k = m.vars.get(slot[0]).k();
            marginals[slot[0]][slot[1] * k + value[slot[0]][slot[1]]] += p;
        }
    }

    private double sum(List<FactorInstance> factors) {
        double total = 0.0;
        for (FactorInstance fi : factors) {
            total += logValue(fi);
        }
        return total;
    }

    /** The factor's log value at its instance under the current values. */
    private double logValue(FactorInstance fi) {
        ToyModel.Factor f = fi.factor();
        int t = f.node == ToyModel.ROOT ? 0 : m.stepOf(f.node, fi.instance());
        if (f.evidence) {
            return f.rows[fi.instance() * f.cells + cell(f, f.uses, fi.instance(), t)];
        }
        if (t < f.maxLag) {
            return f.boundary[t][cell(f, f.boundaryUses[t], fi.instance(), t)];
        }
        return f.table[cell(f, f.uses, fi.instance(), t)];
    }

    private void count(FactorInstance fi, double weight) {
        ToyModel.Factor f = fi.factor();
        int t = f.node == ToyModel.ROOT ? 0 : m.stepOf(f.node, fi.instance());
        if (f.evidence) {
            counts.get(f)[fi.instance() * f.cells + cell(f, f.uses, fi.instance(), t)] += weight;
        } else if (t < f.maxLag) {
            boundaryCounts.get(f)[t][cell(f, f.boundaryUses[t], fi.instance(), t)] += weight;
        } else {
            counts.get(f)[cell(f, f.uses, fi.instance(), t)] += weight;
        }
    }

    /** The row-major cell of the uses' current values; a use reaching before the start reads index 0. */
    private int cell(ToyModel.Factor f, int[] uses, int instance, int step) {
        int c = 0;
        for (int use : uses) {
            c = c * m.sizeOf(use) + useValue(f.node, instance, step, use);
        }
        return c;
    }

    private int useValue(int node, int instance, int step, int use) {
        int v = m.varOf(use);
        int lag = m.lagOf(use);
        int varNode = m.vars.get(v).node();
        if (varNode == node) {
            return lag > step ? 0 : value[v][instance - lag];
        }
        return value[v][m.ancestorOf(node, instance, varNode)];
    }

    /**
     * The log joint of an assignment (one value per variable instance), with subsampled plates scaled: what MAP
     * maximises.
     */
    double logJoint(int[][] assignment) {
        for (int v = 0; v < value.length; v++) {
            System.arraycopy(assignment[v], 0, value[v], 0, value[v].length);
        }
        double total = sum(outsideFactors);
        for (Group g : groups) {
            total += g.scale() * sum(g.factors());
        }
        return total;
    }

    /** The index of an assignment among the joint states of {@link #stateProbabilities}. */
    int stateIndex(int[][] assignment) {
        int s = 0;
        for (int[] slot : outsideSlots) {
            s = s * m.vars.get(slot[0]).k() + assignment[slot[0]][slot[1]];
        }
        return s;
    }

    static double logSumExp(double[] values) {
        double max = max(values);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
