package dev.trellis.corpus.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.corpus.RandomTables;
import dev.trellis.corpus.models.ArBernoulliTones;
import dev.trellis.corpus.models.CategoricalArHmm;
import dev.trellis.corpus.models.DeepPlates;
import dev.trellis.corpus.models.GaussianHmm;
import dev.trellis.corpus.models.GmmProgram;
import dev.trellis.corpus.models.GroupMixture;
import dev.trellis.corpus.models.LaggedObservation;
import dev.trellis.corpus.models.SecondOrderNullStart;
import dev.trellis.corpus.models.Sprinkler;
import dev.trellis.corpus.models.ThirdOrderChain;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The oracle against formulas written out by hand for tiny cases, one per piece of the DSL's semantics it implements:
 * a network without plates (the textbook sprinkler, whose numbers are known), a one-step chain, each kind of earlier
 * value (null or {@code initial} before the start, lags 1 to 3, another site's earlier value, an observation's own
 * earlier value as an int and as a Tensor block), folded ragged plates, and nested instance plates. Each formula is a
 * product of table entries summed over the latent values (densities spelled out), independent of the oracle's
 * reflection, graph and enumeration; both sides are float64 sums of a few terms, so they agree to ~1e-15.
 */
class ClosedFormTest {
    private static final double TOLERANCE = 1e-13;

    @Test
    void sprinkler_gives_the_textbook_posterior() {
        Sprinkler model = new Sprinkler(Tensor.vector(0.5, 0.5), Tensor.matrix(new double[][] {{0.5, 0.5}, {0.9, 0.1}}),
                Tensor.matrix(new double[][] {{0.8, 0.2}, {0.2, 0.8}}),
                Tensor.matrix(new double[][] {{0.0, 0.9}, {0.9, 0.99}}));
        JointTable posterior = BruteForce.of(Sprinkler.class).posterior(model, Map.of("wet", 1.0), Map.of());

        // P(W) = 0.6471, P(S, W) = 0.2781, P(R, W) = 0.4581 (Russell and Norvig's network)
        assertEquals(Math.log(0.6471), posterior.logNormalizer(), TOLERANCE);
        assertEquals(0.2781 / 0.6471, posterior.marginal("sprinkler")[0][1], TOLERANCE);
        assertEquals(0.4581 / 0.6471, posterior.marginal("rain")[0][1], TOLERANCE);
        // the MAP: cloudy, no sprinkler, rain: 0.5 * 0.9 * 0.8 * 0.9 = 0.324
        assertEquals(Map.of("cloudy", 1, "sprinkler", 0, "rain", 1), single(posterior.assignment(posterior.mapCode())));
        assertEquals(Math.log(0.324), posterior.mapLogJoint(), TOLERANCE);
        // (not sprinkler, not rain) makes wet grass impossible: those entries are -Infinity, not NaN
        assertEquals(Double.NEGATIVE_INFINITY, posterior.logJoint(posterior.code(Map.of("cloudy", new int[] {0},
                "sprinkler", new int[] {0}, "rain", new int[] {0}))));
    }

    private static Map<String, Integer> single(Map<String, int[]> assignment) {
        Map<String, Integer> values = new java.util.TreeMap<>();
        assignment.forEach((site, v) -> values.put(site, v[0]));
        return values;
    }

    @Test
    void one_step_gaussian_chain_is_a_two_component_mixture() {
        double[] pi = {0.3, 0.7};
        double[] loc = {0.0, 2.0};
        double[] scale = {1.0, 0.5};
        double y = 1.2;
        GaussianHmm model = new GaussianHmm(Tensor.vector(pi), Tensor.matrix(new double[][] {{0.5, 0.5}, {0.5, 0.5}}),
                Tensor.vector(loc), Tensor.vector(scale));
        JointTable posterior = BruteForce.of(GaussianHmm.class).posterior(model, Map.of("obs", new double[] {y}),
                Map.of());

        double[] joint = new double[2];
        for (int k = 0; k < 2; k++) {
            double z = (y - loc[k]) / scale[k];
            joint[k] = pi[k] * Math.exp(-0.5 * z * z) / (scale[k] * Math.sqrt(2 * Math.PI));
        }
        double evidence = joint[0] + joint[1];
        assertEquals(Math.log(evidence), posterior.logNormalizer(), TOLERANCE);
        assertArrayEquals(new double[] {joint[0] / evidence, joint[1] / evidence}, posterior.marginal("state")[0],
                TOLERANCE);
        int best = joint[0] > joint[1] ? 0 : 1;
        assertArrayEquals(new int[] {best}, posterior.assignment(posterior.mapCode()).get("state"));
        assertEquals(Math.log(joint[best]), posterior.mapLogJoint(), TOLERANCE);
    }

    @Test
    void lags_one_to_three_start_from_the_initial_state() {
        RandomTables r = new RandomTables(1);
        Tensor t = r.rows(2, 2, 2, 2);   // [x at t-3][x at t-2][x at t-1][x at t]
        Tensor e = r.rows(2, 3);
        int[] y = {2, 0, 1, 1};
        double p = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 2; c++) {
                    for (int d = 0; d < 2; d++) {
                        p += t.get(0, 0, 0, a) * e.get(a, y[0]) * t.get(0, 0, a, b) * e.get(b, y[1])
                                * t.get(0, a, b, c) * e.get(c, y[2]) * t.get(a, b, c, d) * e.get(d, y[3]);
                    }
                }
            }
        }
        assertLogEvidence(p, BruteForce.of(ThirdOrderChain.class)
                .posterior(new ThirdOrderChain(t, e), Map.of("y", y), Map.of()));
    }

    @Test
    void null_before_the_start_selects_the_first_and_second_step_tables() {
        RandomTables r = new RandomTables(2);
        Tensor initial = r.rows(2);
        Tensor second = r.rows(2, 2);
        Tensor t = r.rows(2, 2, 2);   // [x at t-2][x at t-1][x at t]
        Tensor e = r.rows(2, 2);
        int[] y = {1, 0, 1};
        double p = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 2; c++) {
                    p += initial.get(a) * e.get(a, y[0]) * second.get(a, b) * e.get(b, y[1]) * t.get(a, b, c)
                            * e.get(c, y[2]);
                }
            }
        }
        assertLogEvidence(p, BruteForce.of(SecondOrderNullStart.class)
                .posterior(new SecondOrderNullStart(initial, second, t, e), Map.of("y", y), Map.of()));
    }

    @Test
    void an_observation_reads_the_chains_earlier_state() {
        RandomTables r = new RandomTables(3);
        Tensor initial = r.rows(2);
        Tensor a = r.rows(2, 2);
        Tensor first = r.rows(2, 3);
        Tensor e = r.rows(2, 2, 3);   // [x before][x now][y]
        int[] y = {2, 1};
        double p = 0;
        for (int x0 = 0; x0 < 2; x0++) {
            for (int x1 = 0; x1 < 2; x1++) {
                p += initial.get(x0) * first.get(x0, y[0]) * a.get(x0, x1) * e.get(x0, x1, y[1]);
            }
        }
        assertLogEvidence(p, BruteForce.of(LaggedObservation.class)
                .posterior(new LaggedObservation(initial, a, first, e), Map.of("y", y), Map.of()));
    }

    @Test
    void an_observation_reads_its_own_earlier_value_from_the_initial_symbol() {
        RandomTables r = new RandomTables(4);
        Tensor a = r.rows(2, 2);
        Tensor e = r.rows(2, 3, 3);   // [x][previous y][y]
        int[] y = {1, 2};
        double p = 0;
        for (int x0 = 0; x0 < 2; x0++) {
            for (int x1 = 0; x1 < 2; x1++) {
                p += a.get(0, x0) * e.get(x0, 0, y[0]) * a.get(x0, x1) * e.get(x1, y[0], y[1]);
            }
        }
        assertLogEvidence(p, BruteForce.of(CategoricalArHmm.class)
                .posterior(new CategoricalArHmm(a, e), Map.of("y", y), Map.of()));
    }

    @Test
    void a_tensor_block_reads_its_own_earlier_block_tone_by_tone() {
        RandomTables r = new RandomTables(5);
        Tensor a = r.rows(2, 2);
        Tensor q = r.uniform(0.1, 0.9, 2, 2, 3);   // [x][previous tone value][tone]
        double[][] steps = {{1, 0, 1}, {1, 1, 0}};
        double p = 0;
        for (int x0 = 0; x0 < 2; x0++) {
            for (int x1 = 0; x1 < 2; x1++) {
                double term = a.get(0, x0) * a.get(x0, x1);
                for (int d = 0; d < 3; d++) {
                    term *= bernoulli(q.get(x0, 0, d), steps[0][d]) * bernoulli(q.get(x1, (int) steps[0][d], d),
                            steps[1][d]);
                }
                p += term;
            }
        }
        assertLogEvidence(p, BruteForce.of(ArBernoulliTones.class)
                .posterior(new ArBernoulliTones(a, q), Map.of("y", List.<double[][]>of(steps)), Map.of()));
    }

    private static double bernoulli(double probability, double value) {
        return value == 1 ? probability : 1 - probability;
    }

    @Test
    void folded_ragged_items_multiply_inside_each_group_and_an_empty_group_adds_its_prior_only() {
        double[] w = {0.2, 0.5, 0.3};
        double[] loc = {-1, 0.5, 2};
        double[] scale = {0.7, 1.1, 0.4};
        double[][] obs = {{0.3, -0.8}, {}, {1.9}};
        double p = 1;
        for (double[] group : obs) {
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                double term = w[k];
                for (double x : group) {
                    term *= normal(x, loc[k], scale[k]);
                }
                sum += term;
            }
            p *= sum;
        }
        JointTable posterior = BruteForce.of(GroupMixture.class).posterior(
                new GroupMixture(Tensor.vector(w), Tensor.vector(loc), Tensor.vector(scale)), Map.of("obs", obs),
                Map.of());
        assertLogEvidence(p, posterior);
        assertArrayEquals(w, posterior.marginal("z")[1], TOLERANCE);
    }

    @Test
    void nested_instance_plates_multiply_per_member_and_sum_per_enclosing_value() {
        double[] pu = {0.4, 0.6};
        double[][] tv = {{0.3, 0.7}, {0.8, 0.2}};
        double[] loc = {-1, 1.5};
        double scale = 0.9;
        double[][][] obs = {{{0.2, -0.4}, {1.1}}, {{1.7, 0.9, -0.3}}};
        double p = 1;
        for (double[][] a : obs) {
            double sumU = 0;
            for (int u = 0; u < 2; u++) {
                double term = pu[u];
                for (double[] b : a) {
                    double sumV = 0;
                    for (int v = 0; v < 2; v++) {
                        double inner = tv[u][v];
                        for (double x : b) {
                            inner *= normal(x, loc[v], scale);
                        }
                        sumV += inner;
                    }
                    term *= sumV;
                }
                sumU += term;
            }
            p *= sumU;
        }
        assertLogEvidence(p, BruteForce.of(DeepPlates.class).posterior(new DeepPlates(Tensor.vector(pu),
                Tensor.matrix(tv), Tensor.vector(loc), scale), Map.of("obs", obs), Map.of()));
    }

    @Test
    void a_programs_globals_are_read_as_tensors_and_scored_by_their_priors() {
        double[] w = {0.2, 0.3, 0.5};
        double scale = 1.3;
        double[] locs = {-2, 0.5, 3};
        double[] obs = {0.1, 2.7, -1.5};
        Map<String, Tensor> globals = Map.of("weights", Tensor.vector(w), "scale", Tensor.scalar(scale), "locs",
                Tensor.vector(locs));
        BruteForce oracle = BruteForce.of(GmmProgram.class);

        double likelihood = 1;
        for (double x : obs) {
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                sum += w[k] * normal(x, locs[k], scale);
            }
            likelihood *= sum;
        }
        assertLogEvidence(likelihood, oracle.posterior(new GmmProgram(3), Map.of("obs", obs), globals));

        // Dirichlet(1/2, 1/2, 1/2): Gamma(3/2) / Gamma(1/2)^3 = (sqrt(pi) / 2) / pi^(3/2)
        double prior = Math.log(0.5 / Math.PI) - 0.5 * (Math.log(w[0]) + Math.log(w[1]) + Math.log(w[2]));
        double logScale = Math.log(scale);
        prior += -logScale - Math.log(2) - 0.5 * Math.log(2 * Math.PI) - logScale * logScale / 8;   // LogNormal(0, 2)
        for (double loc : locs) {
            prior += Math.log(normal(loc, 0, 10));
        }
        assertEquals(prior, oracle.logPrior(new GmmProgram(3), globals), TOLERANCE * Math.abs(prior));
    }

    private static double normal(double x, double loc, double scale) {
        double z = (x - loc) / scale;
        return Math.exp(-0.5 * z * z) / (scale * Math.sqrt(2 * Math.PI));
    }

    private static void assertLogEvidence(double evidence, JointTable posterior) {
        assertEquals(Math.log(evidence), posterior.logNormalizer(), TOLERANCE * Math.abs(Math.log(evidence)));
    }
}
