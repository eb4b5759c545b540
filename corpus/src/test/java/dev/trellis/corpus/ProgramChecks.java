package dev.trellis.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.corpus.oracle.BruteForce;
import dev.trellis.corpus.oracle.NestedData;
import dev.trellis.corpus.oracle.SiteKind;
import dev.trellis.corpus.oracle.SiteSpec;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ElboEstimate;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The comparisons of a program (a {@code <Model>Program} of §6) with the brute-force oracle on one case: the log joint
 * of a conditioned run is the globals' prior plus the brute-force log p(data | globals) (1e-9 relative); its gradient
 * in every global is the oracle's, by central differences (a fourth-order stencil with step 1e-4: truncation ~1e-14,
 * rounding ~1e-11 on a log joint of order 10, so 1e-7 relative), along directions that stay in the support (within a
 * simplex row, e_i - e_last); and a subsampled top-level plate scales the enumerated factor by size / batch exactly.
 *
 * <p>A program is made from data by {@code programs} (the generated constructor, through reflection).
 */
final class ProgramChecks {
    private static final double STEP = 1e-4;

    private ProgramChecks() {}

    static void logJoint(CorpusCase c, Function<Map<String, Object>, Program> programs) {
        Trace trace = Conditioned.run(programs.apply(c.data()), c.globals(), new ParamStore());
        double expected = logJoint(c, c.globals());
        assertEquals(expected, Conditioned.logJoint(trace), 1e-9 * Math.max(1, Math.abs(expected)), c + " log joint");
    }

    static void gradient(CorpusCase c, Function<Map<String, Object>, Program> programs) {
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        c.globals().forEach((name, value) -> leaves.put(name, Tensor.variable(value)));
        Trace trace = Conditioned.run(programs.apply(c.data()), leaves, new ParamStore());
        Tensor logJoint = Tensor.scalar(0.0);
        for (Site site : trace.sites()) {
            logJoint = logJoint.add(site.logProb().sum());
        }
        Gradients gradients = Autodiff.gradients(logJoint);
        BruteForce oracle = BruteForce.of(c.modelClass());
        for (String name : c.globals().keySet()) {
            double[] gradient = gradients.of(leaves.get(name)).toArray();
            for (double[] direction : directions(oracle, c, name)) {
                double analytic = 0;
                for (int i = 0; i < direction.length; i++) {
                    analytic += gradient[i] * direction[i];
                }
                double numeric = (-logJoint(c, moved(c, name, direction, 2 * STEP))
                        + 8 * logJoint(c, moved(c, name, direction, STEP))
                        - 8 * logJoint(c, moved(c, name, direction, -STEP))
                        + logJoint(c, moved(c, name, direction, -2 * STEP))) / (12 * STEP);
                assertEquals(numeric, analytic, 1e-7 * Math.max(1, Math.abs(numeric)),
                        c + " gradient d/d" + name + " along " + java.util.Arrays.toString(direction));
            }
        }
    }

    /** Subsamples the model's top-level plate with several seeds, so that different members (an empty one too) run. */
    static void subsampling(CorpusCase c, Function<Map<String, Object>, Program> programs) {
        BruteForce oracle = BruteForce.of(c.modelClass());
        SiteSpec observed = oracle.schema().sites(SiteKind.OBSERVED).get(0);
        String plate = observed.plates().get(0);
        int size = NestedData.members(c.data().get(observed.name())).size();
        int batch = Math.max(1, size / 2);
        Set<List<Integer>> seen = new HashSet<>();
        for (long seed = 0; seed < 6; seed++) {
            Program model = programs.apply(c.data());
            AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity())
                    .withInit(InitStrategy.values(c.globals()));
            ElboEstimate estimate = new TraceElbo().withSubsample(plate, batch)
                    .estimate(model, guide, new ParamScope(new ParamStore()), Rng.seeded(seed));
            int[] members = estimate.model().plate(plate).indices();
            assertEquals(batch, members.length, c + " batch");
            seen.add(java.util.Arrays.stream(members).boxed().toList());

            Map<String, Tensor> values = new LinkedHashMap<>();
            for (SiteSpec global : oracle.schema().sites(SiteKind.LATENT)) {
                values.put(global.name(), estimate.model().site(global.name()).value());
            }
            Map<String, Object> batchData = new LinkedHashMap<>();
            for (SiteSpec site : oracle.schema().sites(SiteKind.OBSERVED)) {
                List<Object> all = NestedData.members(c.data().get(site.name()));
                List<Object> picked = new ArrayList<>();
                for (int member : members) {
                    picked.add(all.get(member));
                }
                batchData.put(site.name(), picked);
            }
            double expected = oracle.logPrior(c.model(), values) + (double) size / batch
                    * oracle.posterior(c.model(), batchData, values).logNormalizer();
            double actual = Conditioned.logJoint(estimate.model());
            assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)),
                    c + " subsampled members " + java.util.Arrays.toString(members));
        }
        if (size > batch) {
            assertTrue(seen.size() > 1, c + ": the seeds should draw different members");
        }
    }

    /** log p(globals) + log p(data | globals), both from the oracle. */
    private static double logJoint(CorpusCase c, Map<String, Tensor> globals) {
        BruteForce oracle = BruteForce.of(c.modelClass());
        return oracle.logPrior(c.model(), globals) + oracle.posterior(c.model(), c.data(), globals).logNormalizer();
    }

    private static Map<String, Tensor> moved(CorpusCase c, String name, double[] direction, double step) {
        Tensor value = c.globals().get(name);
        double[] flat = value.toArray();
        for (int i = 0; i < flat.length; i++) {
            flat[i] += step * direction[i];
        }
        Map<String, Tensor> globals = new LinkedHashMap<>(c.globals());
        globals.put(name, Tensor.of(flat, value.shape()));
        return globals;
    }

    /** Unit vectors, or within each simplex row (the last dimension) e_i - e_last, which keep it on the simplex. */
    private static List<double[]> directions(BruteForce oracle, CorpusCase c, String name) {
        Tensor value = c.globals().get(name);
        Constraint support = oracle.globalDistribution(c.model(), name, c.globals()).support();
        while (support instanceof Constraint.Independent independent) {
            support = independent.base();
        }
        int n = value.numElements();
        List<double[]> directions = new ArrayList<>();
        if (support instanceof Constraint.Simplex) {
            int k = value.shape()[value.rank() - 1];
            for (int row = 0; row < n; row += k) {
                for (int i = 0; i < k - 1; i++) {
                    double[] direction = new double[n];
                    direction[row + i] = 1;
                    direction[row + k - 1] = -1;
                    directions.add(direction);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                double[] direction = new double[n];
                direction[i] = 1;
                directions.add(direction);
            }
        }
        return directions;
    }
}
