package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a hand-written plan for a {@link ToyModel} under every query with both kernel sets and compares every answer
 * with {@link BruteForce}: log Z (1e-9 relative), every marginal, every table's adjoint (against the brute-force
 * expected counts and against central finite differences of the brute-force log Z), the MAP assignment and its log
 * joint, and posterior samples (chi-square over the joint states).
 */
final class EngineCheck {

    /** The step sequence of one structure, as the generator would emit it; returns {@code result(...)}. */
    interface Plan {
        double run(Elimination e, ToyModel m);
    }

    static final List<Kernels> KERNELS = List.of(FastKernels.INSTANCE, ReferenceKernels.INSTANCE);

    private EngineCheck() {
    }

    static Elimination start(ToyModel m, Query query, Kernels kernels, Rng rng) {
        Elimination e = new Elimination(m.layout(), query, m.instances(), kernels, rng);
        m.bind(e);
        return e;
    }

    /** Every check, with {@code draws} posterior samples per kernel set (0 to skip sampling). */
    static void all(ToyModel m, Plan plan, int draws) {
        BruteForce exact = BruteForce.of(m);
        for (Kernels kernels : KERNELS) {
            String who = kernels.getClass().getSimpleName() + ": ";
            likelihood(m, plan, exact, kernels, who);
            marginals(m, plan, exact, kernels, Query.MARGINALS, who);
            gradient(m, plan, exact, kernels, who);
            map(m, plan, exact, kernels, who);
            if (draws > 0) {
                samples(m, plan, exact, kernels, draws, who);
            }
        }
        finiteDifferences(m, plan, 6);
    }

    static void likelihood(ToyModel m, Plan plan, BruteForce exact, Kernels kernels, String who) {
        double logZ = plan.run(start(m, Query.LIKELIHOOD, kernels, null), m);
        assertClose(exact.logZ, logZ, 1e-9, who + "log Z");
    }

    static void marginals(ToyModel m, Plan plan, BruteForce exact, Kernels kernels, Query query, String who) {
        Elimination e = start(m, query, kernels, null);
        assertClose(exact.logZ, plan.run(e, m), 1e-9, who + query + " log Z");
        for (int v = 0; v < m.vars.size(); v++) {
            double[] marginal = e.marginal(v);
            double[] expected = exact.marginals[v];
            assertEquals(expected.length, marginal.length, who + "marginal length of " + m.vars.get(v).site());
            for (int i = 0; i < expected.length; i++) {
                assertTrue(Math.abs(marginal[i] - expected[i]) <= 1e-10 + 1e-9 * expected[i],
                        who + "marginal of " + m.vars.get(v).site() + " entry " + i + ": " + marginal[i]
                                + " expected " + expected[i]);
            }
        }
    }

    static void gradient(ToyModel m, Plan plan, BruteForce exact, Kernels kernels, String who) {
        Elimination e = start(m, Query.GRADIENT, kernels, null);
        assertClose(exact.logZ, plan.run(e, m), 1e-9, who + "GRADIENT log Z");
        for (ToyModel.Factor f : m.factors) {
            assertCounts(exact.counts.get(f), e.adjoint(f.id), who + "adjoint of " + f.name);
            for (int j = 0; f.boundaryIds != null && j < f.boundaryIds.length; j++) {
                assertCounts(exact.boundaryCounts.get(f)[j], e.adjoint(f.boundaryIds[j]),
                        who + "adjoint of " + f.name + " at boundary step " + j);
            }
        }
        List<double[]> before = adjoints(e, m);
        for (int v = 0; v < m.vars.size(); v++) {
            double[] marginal = e.marginal(v);
            for (int i = 0; i < marginal.length; i++) {
                assertTrue(Math.abs(marginal[i] - exact.marginals[v][i]) <= 1e-10 + 1e-9 * exact.marginals[v][i],
                        who + "GRADIENT marginal of " + m.vars.get(v).site() + " entry " + i);
            }
        }
        // The marginals a GRADIENT query computes only when asked leave the adjoints' bits as they were, and a
        // MARGINALS query asked for adjoints gives those bits too.
        List<double[]> after = adjoints(e, m);
        Elimination marginalsFirst = start(m, Query.MARGINALS, kernels, null);
        plan.run(marginalsFirst, m);
        if (!m.vars.isEmpty()) {
            marginalsFirst.marginal(0);
        }
        List<double[]> asked = adjoints(marginalsFirst, m);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i),
                    who + "adjoint " + i + " after the marginals");
            assertArrayEquals(before.get(i), asked.get(i),
                    who + "adjoint " + i + " of a MARGINALS query");
        }
    }

    /** Every factor's adjoint and its boundary tables', in order. */
    private static List<double[]> adjoints(Elimination e, ToyModel m) {
        List<double[]> out = new ArrayList<>();
        for (ToyModel.Factor f : m.factors) {
            out.add(e.adjoint(f.id));
            for (int j = 0; f.boundaryIds != null && j < f.boundaryIds.length; j++) {
                out.add(e.adjoint(f.boundaryIds[j]));
            }
        }
        return out;
    }

    private static void assertCounts(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(actual[i] - expected[i]) <= 1e-9 * Math.max(1.0, Math.abs(expected[i])),
                    what + " entry " + i + ": " + actual[i] + " expected " + expected[i]);
        }
    }

    static void map(ToyModel m, Plan plan, BruteForce exact, Kernels kernels, String who) {
        Elimination e = start(m, Query.MAP, kernels, null);
        double best = plan.run(e, m);
        assertClose(exact.mapLogJoint, best, 1e-9, who + "MAP log joint");
        int[][] assignment = new int[m.vars.size()][];
        for (int v = 0; v < m.vars.size(); v++) {
            assignment[v] = e.assignment(v);
            assertArrayEquals(exact.map[v], assignment[v], who + "MAP assignment of " + m.vars.get(v).site());
        }
        assertClose(best, exact.logJoint(assignment), 1e-9, who + "log joint of the MAP assignment");
    }

    static void samples(ToyModel m, Plan plan, BruteForce exact, Kernels kernels, int draws, String who) {
        Rng rng = Rng.seeded(20_240_917L + draws);
        if (exact.stateProbabilities != null) {
            long[] counts = new long[exact.stateProbabilities.length];
            int[][] assignment = new int[m.vars.size()][];
            for (int d = 0; d < draws; d++) {
                Elimination e = start(m, Query.SAMPLE, kernels, rng);
                assertClose(exact.logZ, plan.run(e, m), 1e-9, who + "SAMPLE log Z");
                for (int v = 0; v < m.vars.size(); v++) {
                    assignment[v] = e.assignment(v);
                }
                counts[exact.stateIndex(assignment)]++;
            }
            assertEquals(-1, ChiSquare.impossibleCell(counts, exact.stateProbabilities),
                    who + "a sample of probability 0");
            double p = ChiSquare.pValue(counts, exact.stateProbabilities);
            assertTrue(p > 1e-4, who + "samples do not follow the posterior: p = " + p);
            return;
        }
        long[][][] counts = new long[m.vars.size()][][];
        for (int v = 0; v < m.vars.size(); v++) {
            counts[v] = new long[m.count(m.vars.get(v).node())][m.vars.get(v).k()];
        }
        for (int d = 0; d < draws; d++) {
            Elimination e = start(m, Query.SAMPLE, kernels, rng);
            plan.run(e, m);
            for (int v = 0; v < m.vars.size(); v++) {
                int[] values = e.assignment(v);
                for (int i = 0; i < values.length; i++) {
                    counts[v][i][values[i]]++;
                }
            }
        }
        for (int v = 0; v < m.vars.size(); v++) {
            int k = m.vars.get(v).k();
            for (int i = 0; i < counts[v].length; i++) {
                double[] probabilities = new double[k];
                System.arraycopy(exact.marginals[v], i * k, probabilities, 0, k);
                double p = ChiSquare.pValue(counts[v][i], probabilities);
                assertTrue(p > 1e-6, who + "samples of " + m.vars.get(v).site() + "[" + i + "]: p = " + p);
            }
        }
    }

    /**
     * Central differences of the brute-force log Z in up to {@code perTable} entries of every table against the
     * adjoints of both kernel sets.
     */
    static void finiteDifferences(ToyModel m, Plan plan, int perTable) {
        double[][] adjoints = null;
        for (Kernels kernels : KERNELS) {
            Elimination e = start(m, Query.GRADIENT, kernels, null);
            plan.run(e, m);
            for (ToyModel.Factor f : m.factors) {
                checkDifferences(m, f, f.evidence ? f.rows : f.table, e.adjoint(f.id), perTable,
                        kernels.getClass().getSimpleName() + ": " + f.name);
                for (int j = 0; f.boundaryIds != null && j < f.boundaryIds.length; j++) {
                    checkDifferences(m, f, f.boundary[j], e.adjoint(f.boundaryIds[j]), perTable,
                            kernels.getClass().getSimpleName() + ": " + f.name + "@" + j);
                }
            }
        }
    }

    private static void checkDifferences(ToyModel m, ToyModel.Factor f, double[] values, double[] adjoint,
                                         int perTable, String what) {
        double h = 1e-5;
        for (int n = 0; n < Math.min(perTable, values.length); n++) {
            int i = values.length <= perTable ? n : m.random.nextInt(values.length);
            double original = values[i];
            if (original == Double.NEGATIVE_INFINITY) {
                continue;
            }
            values[i] = original + h;
            double up = BruteForce.of(m).logZ;
            values[i] = original - h;
            double down = BruteForce.of(m).logZ;
            values[i] = original;
            double difference = (up - down) / (2 * h);
            assertTrue(Math.abs(difference - adjoint[i]) <= 1e-6 * Math.max(1.0, Math.abs(adjoint[i])),
                    what + " entry " + i + ": finite difference " + difference + ", adjoint " + adjoint[i]);
        }
    }

    static void assertClose(double expected, double actual, double relative, String what) {
        if (expected == Double.NEGATIVE_INFINITY || actual == Double.NEGATIVE_INFINITY) {
            assertEquals(expected, actual, what);
            return;
        }
        assertTrue(Math.abs(actual - expected) <= relative * Math.max(1.0, Math.abs(expected)),
                what + ": " + actual + " expected " + expected);
    }
}
