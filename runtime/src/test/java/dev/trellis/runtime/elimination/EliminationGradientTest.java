package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link EliminationGradient}: log Z as a tensor whose gradient reaches the tables and the evidence inputs a program
 * registered, checked against the expected counts of brute-force enumeration (the gradient of log Z in a table entry
 * is its posterior expected count; in an evidence input, the chain rule through the rows) and against central
 * differences of the brute-force log Z, with both kernel sets.
 *
 * <p>The model: a global g (3 values) at the root with a prior table and a prior evidence row without inputs; in each
 * of 4 data points a local z (2 values) with a homogeneous table over [z, g] and evidence {@code x_i * w[z] + v[z]}.
 */
class EliminationGradientTest {

    private static final int ROOT = Layout.ROOT;
    private static final int DATA = 0;
    private static final int UG = 0;
    private static final int UZ = 1;
    private static final double[] X = {0.3, -1.2, 0.7, 2.0};
    /** The loss is 3 log Z, so that the adjoint reaching log Z is not 1. */
    private static final double SCALE = 3.0;

    private final ToyModel m = new ToyModel(71);
    private final ToyModel.Factor pg;
    private final ToyModel.Factor pz;
    private final ToyModel.Factor obs;
    private final ToyModel.Factor prior;

    EliminationGradientTest() {
        int data = m.plate("data", ROOT, X.length);
        int g = m.variable("g", ROOT, 3);
        int z = m.variable("z", data, 2);
        assertEquals(UG, m.use(g, 0));
        assertEquals(UZ, m.use(z, 0));
        pg = m.table("g", ROOT, UG);
        pz = m.table("z", data, UZ, UG);
        obs = m.evidence("obs", data, UZ);
        prior = m.evidence("prior", ROOT, UG);
        m.layout();
    }

    /** Runs the plan under GRADIENT, registering the tables and evidence, and returns the gradient's log Z. */
    private Tensor logZ(Kernels kernels, Tensor pgValues, Tensor pzValues, AffineEvidence affine) {
        obs.rows = affine.rows();
        EliminationGradient gradient = new EliminationGradient();
        Elimination e = EngineCheck.start(m, Query.GRADIENT, kernels, null);
        int tz = e.table("z", pzValues.toArray(), UZ, UG);
        gradient.table(tz, pzValues);
        int to = e.evidence(affine, DATA, UZ);
        gradient.evidence(to, affine);
        int up = e.product(DATA, e.contract(DATA, new int[] {tz, to}, new int[] {UZ}, UG));
        int tg = e.table("g", pgValues.toArray(), UG);
        gradient.table(tg, pgValues);
        ArrayEvidence priorRows = new ArrayEvidence("prior", prior.rows, 1, 3);
        int tp = e.evidence(priorRows, ROOT, UG);
        gradient.evidence(tp, priorRows);
        e.result(e.contract(ROOT, new int[] {tg, up, tp}, new int[] {UG}));
        return gradient.logZ(e, "log p(obs)");
    }

    @Test
    void the_gradient_reaches_every_table_and_evidence_input_as_the_brute_force_expected_counts() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            String who = kernels.getClass().getSimpleName() + ": ";
            Tensor pgValues = Tensor.variable(Tensor.vector(pg.table));
            Tensor pzValues = Tensor.variable(Tensor.vector(pz.table));
            Tensor w = Tensor.variable(Tensor.vector(0.4, -0.9));
            Tensor v = Tensor.variable(Tensor.vector(-0.3, -1.1));
            Tensor logZ = logZ(kernels, pgValues, pzValues, new AffineEvidence("obs", X, w, v));
            BruteForce exact = BruteForce.of(m);
            EngineCheck.assertClose(exact.logZ, logZ.item(), 1e-9, who + "log Z");
            assertTrue(logZ.requiresGrad(), who + "log Z is on the tape");
            Gradients gradients = Autodiff.gradients(logZ.mul(SCALE));
            assertGradient(scaled(exact.counts.get(pg)), gradients.of(pgValues), who + "d/d table g");
            assertGradient(scaled(exact.counts.get(pz)), gradients.of(pzValues), who + "d/d table z");
            double[] obsCounts = exact.counts.get(obs);
            double[] dw = new double[2];
            double[] dv = new double[2];
            for (int i = 0; i < X.length; i++) {
                for (int c = 0; c < 2; c++) {
                    dw[c] += SCALE * X[i] * obsCounts[i * 2 + c];
                    dv[c] += SCALE * obsCounts[i * 2 + c];
                }
            }
            assertGradient(dw, gradients.of(w), who + "d/d w");
            assertGradient(dv, gradients.of(v), who + "d/d v");
            // Independently of the counts: central differences of the brute-force log Z in w and v.
            double h = 1e-5;
            for (int c = 0; c < 2; c++) {
                for (boolean weight : new boolean[] {true, false}) {
                    double[] up = (weight ? w : v).toArray();
                    double[] down = up.clone();
                    up[c] += h;
                    down[c] -= h;
                    double difference = (bruteForceLogZ(weight ? up : w.toArray(), weight ? v.toArray() : up)
                            - bruteForceLogZ(weight ? down : w.toArray(), weight ? v.toArray() : down)) / (2 * h);
                    double actual = gradients.of(weight ? w : v).toArray()[c];
                    assertEquals(SCALE * difference, actual, 1e-6 * Math.max(1.0, Math.abs(actual)),
                            who + (weight ? "w" : "v") + "[" + c + "]: finite difference");
                }
            }
        }
    }

    @Test
    void inputs_without_a_gradient_get_none_and_the_others_theirs() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            String who = kernels.getClass().getSimpleName() + ": ";
            Tensor pgValues = Tensor.variable(Tensor.vector(pg.table));
            Tensor pzValues = Tensor.vector(pz.table);
            Tensor w = Tensor.variable(Tensor.vector(1.5, 0.2));
            Tensor v = Tensor.vector(-0.7, -0.4);   // a constant input of the evidence: gets no buffer from the tape
            Tensor logZ = logZ(kernels, pgValues, pzValues, new AffineEvidence("obs", X, w, v));
            BruteForce exact = BruteForce.of(m);
            EngineCheck.assertClose(exact.logZ, logZ.item(), 1e-9, who + "log Z");
            Gradients gradients = Autodiff.gradients(logZ.mul(SCALE));
            assertGradient(scaled(exact.counts.get(pg)), gradients.of(pgValues), who + "d/d table g");
            double[] dw = new double[2];
            double[] obsCounts = exact.counts.get(obs);
            for (int i = 0; i < X.length; i++) {
                for (int c = 0; c < 2; c++) {
                    dw[c] += SCALE * X[i] * obsCounts[i * 2 + c];
                }
            }
            assertGradient(dw, gradients.of(w), who + "d/d w");
        }
    }

    @Test
    void log_z_without_any_input_needing_a_gradient_is_a_constant() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            Tensor logZ = logZ(kernels, Tensor.vector(pg.table), Tensor.vector(pz.table),
                    new AffineEvidence("obs", X, Tensor.vector(0.4, -0.9), Tensor.vector(-0.3, -1.1)));
            assertFalse(logZ.requiresGrad());
            EngineCheck.assertClose(BruteForce.of(m).logZ, logZ.item(), 1e-9, "log Z");
        }
    }

    @Test
    void a_gradient_is_needed_when_any_global_or_network_parameter_requires_one() {
        Tensor constant = Tensor.vector(1.0, 2.0);
        Tensor leaf = Tensor.variable(Tensor.vector(3.0));
        assertFalse(EliminationGradient.anyRequiresGrad());
        assertFalse(EliminationGradient.anyRequiresGrad(constant, constant));
        assertTrue(EliminationGradient.anyRequiresGrad(constant, leaf));
        assertTrue(EliminationGradient.anyRequiresGrad(leaf.mul(2.0)));
        Linear fixed = new Linear(2, 3, Rng.seeded(5));
        Linear trained = new Linear(3, 1, Rng.seeded(6));
        assertFalse(EliminationGradient.anyNetworkRequiresGrad());
        assertFalse(EliminationGradient.anyNetworkRequiresGrad(fixed, trained));
        trained.requireGrad();
        assertTrue(EliminationGradient.anyNetworkRequiresGrad(fixed, trained));
        assertFalse(EliminationGradient.anyNetworkRequiresGrad(fixed));
    }

    private double bruteForceLogZ(double[] w, double[] v) {
        double[] saved = obs.rows;
        obs.rows = new AffineEvidence("obs", X, Tensor.vector(w), Tensor.vector(v)).rows();
        double logZ = BruteForce.of(m).logZ;
        obs.rows = saved;
        return logZ;
    }

    private static double[] scaled(double[] counts) {
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = SCALE * counts[i];
        }
        return out;
    }

    private static void assertGradient(double[] expected, Tensor actual, String what) {
        double[] values = actual.toArray();
        assertEquals(expected.length, values.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(values[i] - expected[i]) <= 1e-9 * Math.max(1.0, Math.abs(expected[i])),
                    what + " entry " + i + ": " + values[i] + " expected " + expected[i]);
        }
    }
}
