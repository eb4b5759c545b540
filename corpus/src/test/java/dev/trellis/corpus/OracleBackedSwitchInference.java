package dev.trellis.corpus;

import dev.trellis.corpus.models.ChainUnderGlobalSwitch;
import dev.trellis.corpus.oracle.BruteForce;
import dev.trellis.corpus.oracle.JointTable;
import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written class with the §6 API of {@code ChainUnderGlobalSwitchInference} (corpus #22) that answers every
 * query from the oracle's tables. It is not an implementation to test: it lets the harness ({@link GeneratedClasses},
 * {@link ResultArrays}, {@link InferenceChecks}, {@link ChiSquare}) be tested before the generator exists. The root
 * site comes as {@code double[]}/{@code int[]}/{@code int} in the records, the forms the harness accepts.
 */
public class OracleBackedSwitchInference {
    /** P(mode = k | y); P(x_t = k | y). */
    public record Marginals(double[] mode, double[][] x) {}

    /** The MAP assignment and its log joint. */
    public record MapAssignment(int[] mode, int[] x, double logJoint) {}

    /** One exact posterior draw. */
    public record Assignment(int mode, int[] x) {}

    /** One draw of every site. */
    public record Simulation(int[] mode, int[] x, int[] y) {}

    private final ChainUnderGlobalSwitch model;
    private final BruteForce oracle = BruteForce.of(ChainUnderGlobalSwitch.class);
    private final Map<List<Object>, JointTable> tables = new HashMap<>();   // the harness asks thousands of times

    public OracleBackedSwitchInference(ChainUnderGlobalSwitch model) {
        this.model = model;
    }

    JointTable posterior(int[] y) {
        return tables.computeIfAbsent(List.of("posterior", Arrays.toString(y)),
                k -> oracle.posterior(model, Map.of("y", y), Map.of()));
    }

    JointTable prior(int time) {
        return tables.computeIfAbsent(List.of("prior", time), k -> oracle.prior(model, Map.of("time", time), Map.of()));
    }

    JointTable outcomes(int time) {
        return tables.computeIfAbsent(List.of("outcomes", time),
                k -> oracle.outcomes(model, Map.of("time", time), Map.of()).orElseThrow());
    }

    public double logLikelihood(int[] y) {
        return posterior(y).logNormalizer();
    }

    public Marginals marginals(int[] y) {
        JointTable table = posterior(y);
        return new Marginals(table.marginal("mode")[0], table.marginal("x"));
    }

    public MapAssignment viterbi(int[] y) {
        JointTable table = posterior(y);
        return mapAssignment(table, table.mapCode());
    }

    MapAssignment mapAssignment(JointTable table, int code) {
        Map<String, int[]> values = table.assignment(code);
        return new MapAssignment(values.get("mode"), values.get("x"), table.logJoint(code));
    }

    public Assignment samplePosterior(int[] y, Rng rng) {
        return assignment(posterior(y), rng);
    }

    Assignment assignment(JointTable table, Rng rng) {
        Map<String, int[]> values = table.assignment(rng.categorical(table.probabilities()));
        return new Assignment(values.get("mode")[0], values.get("x"));
    }

    public Simulation simulate(int time, Rng rng) {
        JointTable table = outcomes(time);
        return simulation(table, rng.categorical(table.probabilities()));
    }

    Simulation simulation(JointTable table, int code) {
        int[] values = table.decode(code);
        List<JointTable.Variable> variables = table.variables();
        int[] y = new int[table.paths("x").size()];
        for (int i = 0; i < values.length; i++) {
            JointTable.Variable variable = variables.get(i);
            if (variable.site().equals("y")) {
                y[variable.instance()] = (int) variable.low() + values[i];
            }
        }
        Map<String, int[]> latent = table.assignment(code);
        return new Simulation(latent.get("mode"), latent.get("x"), y);
    }
}
