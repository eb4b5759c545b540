package dev.trellis.corpus.oracle;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The log joint probability of every joint assignment of a model's enumerated copies (and, for a table of
 * outcomes, of its observed copies too), and what follows from it: log p(data), marginals, the MAP assignment, the
 * posterior over joint assignments.
 *
 * <p>Joint assignments are numbered by a mixed-radix code over the {@link #variables()} in order, the first one most
 * significant. A site's values are listed per instance of its node plate in instance order, which is the row-major
 * order of the nested arrays of the generated API ({@code [sequence][step]}).
 */
public final class JointTable {

    /**
     * One enumerated quantity: the copy of {@code site} at {@code instance} of its node plate, whose indices in the
     * plates from the outermost are {@code path}.
     *
     * @param radix the number of its values: K for an enumerated site, {@code V^entries} for an observed block whose
     *     entries each take V values {@code low .. low + V - 1}
     * @param blockShape null for an enumerated site; the block's shape for an observed one (entries row-major, the
     *     first most significant)
     */
    public record Variable(String site, int instance, List<Integer> path, int radix, boolean observed, long low,
                           int values, int[] blockShape) {}

    private final String model;
    private final List<Variable> variables;
    private final double[] logJoint;
    private final Map<String, List<Integer>> bySite = new LinkedHashMap<>();
    private final List<String> latentSites;
    private double logNormalizer = Double.NaN;
    private Map<String, double[][]> marginals;

    /** @param latentSites every enumerated site of the model, also those without copies in this evaluation */
    JointTable(String model, List<String> latentSites, List<Variable> variables, double[] logJoint) {
        this.model = model;
        this.latentSites = List.copyOf(latentSites);
        this.variables = List.copyOf(variables);
        this.logJoint = logJoint;
        for (String site : latentSites) {
            bySite.put(site, new ArrayList<>());
        }
        for (int i = 0; i < this.variables.size(); i++) {
            bySite.computeIfAbsent(this.variables.get(i).site(), s -> new ArrayList<>()).add(i);
        }
    }

    /** {@return the enumerated sites, sorted by name} */
    public List<String> latentSites() {
        return latentSites;
    }

    /** {@return the plate indices of each copy of an enumerated site, in instance order (empty for the root)} */
    public List<List<Integer>> paths(String site) {
        List<Integer> indices = bySite.get(site);
        if (indices == null) {
            throw new BruteForceException(model + ": '" + site + "' is not a variable of this table");
        }
        return indices.stream().map(i -> variables.get(i).path()).toList();
    }

    /** {@return the variables, most significant first} */
    public List<Variable> variables() {
        return variables;
    }

    /** {@return the number of joint assignments} */
    public int states() {
        return logJoint.length;
    }

    /** {@return the log joint of one assignment; -Infinity for an impossible one} */
    public double logJoint(int code) {
        return logJoint[code];
    }

    /** {@return log of the sum of every joint probability: log p(data) for a posterior table, 0 for a prior one} */
    public double logNormalizer() {
        if (Double.isNaN(logNormalizer)) {
            double max = Double.NEGATIVE_INFINITY;
            for (double value : logJoint) {
                max = Math.max(max, value);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                logNormalizer = max;
            } else {
                double sum = 0;
                for (double value : logJoint) {
                    sum += Math.exp(value - max);
                }
                logNormalizer = max + Math.log(sum);
            }
        }
        return logNormalizer;
    }

    /** {@return the normalised probability of every joint assignment, by code} */
    public double[] probabilities() {
        double logZ = requirePossible();
        double[] p = new double[logJoint.length];
        for (int code = 0; code < p.length; code++) {
            p[code] = Math.exp(logJoint[code] - logZ);
        }
        return p;
    }

    /** {@return the value of every variable in an assignment} */
    public int[] decode(int code) {
        int[] values = new int[variables.size()];
        for (int i = values.length - 1; i >= 0; i--) {
            int radix = variables.get(i).radix();
            values[i] = code % radix;
            code /= radix;
        }
        return values;
    }

    /** {@return the enumerated sites' values in an assignment, per site in instance order} */
    public Map<String, int[]> assignment(int code) {
        int[] values = decode(code);
        Map<String, int[]> assignment = new LinkedHashMap<>();
        for (String site : latentSites) {
            assignment.put(site, bySite.get(site).stream().mapToInt(i -> values[i]).toArray());
        }
        return assignment;
    }

    /** {@return the code of an assignment of the enumerated sites (a table without observed variables)} */
    public int code(Map<String, int[]> latent) {
        return code(latent, (site, instance) -> {
            throw new BruteForceException("this table has observed variables; give their blocks");
        });
    }

    /**
     * {@return the code of a joint outcome}
     *
     * @param latent every enumerated site's values, in instance order
     * @param blocks the block of an observed site at an instance
     * @throws BruteForceException naming the site, instance and value if something lies outside the table
     */
    public int code(Map<String, int[]> latent, BiFunction<String, Integer, Tensor> blocks) {
        for (String site : latent.keySet()) {
            if (!bySite.containsKey(site)) {
                throw new BruteForceException(model + ": '" + site + "' is not a variable of this table");
            }
        }
        int code = 0;
        for (Variable variable : variables) {
            int value = variable.observed() ? blockIndex(variable, blocks.apply(variable.site(), variable.instance()))
                    : latentValue(variable, latent);
            code = code * variable.radix() + value;
        }
        return code;
    }

    private int latentValue(Variable variable, Map<String, int[]> latent) {
        int[] values = latent.get(variable.site());
        int expected = bySite.get(variable.site()).size();
        if (values == null || values.length != expected) {
            throw new BruteForceException(model + ": '" + variable.site() + "' needs " + expected + " values, got "
                    + (values == null ? "none" : values.length));
        }
        int value = values[variable.instance()];
        if (value < 0 || value >= variable.radix()) {
            throw new BruteForceException(model + ": '" + variable.site() + "' at instance " + variable.instance()
                    + " is " + value + ", outside 0.." + (variable.radix() - 1));
        }
        return value;
    }

    private int blockIndex(Variable variable, Tensor block) {
        if (!Arrays.equals(block.shape(), variable.blockShape())) {
            throw new BruteForceException(model + ": '" + variable.site() + "' at instance " + variable.instance()
                    + " has a block of shape " + Arrays.toString(block.shape()) + ", expected "
                    + Arrays.toString(variable.blockShape()));
        }
        int index = 0;
        for (double entry : block.toArray()) {
            double digit = entry - variable.low();
            if (digit != Math.rint(digit) || digit < 0 || digit >= variable.values()) {
                throw new BruteForceException(model + ": '" + variable.site() + "' at instance " + variable.instance()
                        + " has the value " + entry + ", outside its support");
            }
            index = index * variable.values() + (int) digit;
        }
        return index;
    }

    /** {@return P(site = k | data) per instance of the site's node plate: [instance][k]} */
    public double[][] marginal(String site) {
        if (marginals == null) {
            marginals = computeMarginals();
        }
        double[][] marginal = marginals.get(site);
        if (marginal == null) {
            throw new BruteForceException(model + ": '" + site + "' is not a variable of this table");
        }
        return marginal;
    }

    private Map<String, double[][]> computeMarginals() {
        double logZ = requirePossible();
        double[][] perVariable = new double[variables.size()][];
        for (int i = 0; i < perVariable.length; i++) {
            perVariable[i] = new double[variables.get(i).observed() ? 0 : variables.get(i).radix()];
        }
        for (int code = 0; code < logJoint.length; code++) {
            if (logJoint[code] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double p = Math.exp(logJoint[code] - logZ);
            int[] values = decode(code);
            for (int i = 0; i < values.length; i++) {
                if (!variables.get(i).observed()) {
                    perVariable[i][values[i]] += p;
                }
            }
        }
        Map<String, double[][]> result = new LinkedHashMap<>();
        for (String site : latentSites) {
            result.put(site, bySite.get(site).stream().map(i -> perVariable[i]).toArray(double[][]::new));
        }
        return result;
    }

    /** {@return the code of the most probable assignment (the first in code order among equals)} */
    public int mapCode() {
        requirePossible();
        int best = 0;
        for (int code = 1; code < logJoint.length; code++) {
            if (logJoint[code] > logJoint[best]) {
                best = code;
            }
        }
        return best;
    }

    /** {@return the largest log joint} */
    public double mapLogJoint() {
        return logJoint[mapCode()];
    }

    /** {@return the MAP log joint minus the best other assignment's (+Infinity with one assignment)} */
    public double mapGap() {
        int best = mapCode();
        double second = Double.NEGATIVE_INFINITY;
        for (int code = 0; code < logJoint.length; code++) {
            if (code != best) {
                second = Math.max(second, logJoint[code]);
            }
        }
        return logJoint[best] - second;
    }

    private double requirePossible() {
        double logZ = logNormalizer();
        if (logZ == Double.NEGATIVE_INFINITY) {
            throw new BruteForceException(model + ": every joint assignment is impossible (the evidence has "
                    + "probability 0)");
        }
        return logZ;
    }
}
