package dev.trellis.samples.gmm;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mixture at fixed global values, as {@code gmm.json}'s points: the log joint with the assignments summed out,
 * its gradient in the constrained globals, and the posterior of the assignments.
 *
 * @param logJointMarginal log p(data, weights, scale, locs) with the assignments summed out, priors included
 * @param gradient d logJointMarginal / d each global, every entry an independent variable (so d/d weights carries
 *     the renormalisation of {@code Categorical.of}, as torch's does)
 * @param mapAssignment the MAP component of each datum
 * @param posteriorProbabilities {@code [n][k] = P(assignment_n = k | data_n, globals)}
 */
public record GmmEvaluation(double logJointMarginal, Map<String, Tensor> gradient, int[] mapAssignment,
                            double[][] posteriorProbabilities) {

    /** The global sites, in the model's order. */
    public static final List<String> GLOBALS = List.of("weights", "scale", "locs");

    /**
     * Evaluates the mixture of {@link Gmm} at {@code globals}.
     *
     * @param data the observations, [N]
     * @param globals {@code weights} [K], {@code scale} [] and {@code locs} [K]
     * @throws IllegalArgumentException naming the global whose value is missing or of the wrong shape, and naming the
     *     globals and the result if the log joint or a gradient entry is not a number (NaN): values so extreme that
     *     double precision cannot evaluate the mixture there (e.g. scale = 1e308)
     */
    public static GmmEvaluation at(Tensor data, Map<String, Tensor> globals) {
        int components = components(globals);
        GmmProgram program = new GmmProgram(new Gmm(components), data.toArray(), components);
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        for (String name : GLOBALS) {
            leaves.put(name, Tensor.variable(globals.get(name)));
        }
        Trace trace = Conditioned.run(program, leaves, new ParamStore());
        Tensor logJoint = Tensor.scalar(0.0);
        for (Site site : trace.sites()) {
            logJoint = logJoint.add(site.logProb().sum());
        }
        Gradients gradients = Autodiff.gradients(logJoint);
        Map<String, Tensor> gradient = new LinkedHashMap<>();
        leaves.forEach((name, leaf) -> gradient.put(name, gradients.of(leaf)));
        requireNumbers(globals, logJoint.item(), gradient);
        GmmInference posterior = program.inference(globals);
        double[] points = data.toArray();
        return new GmmEvaluation(logJoint.item(), gradient, posterior.viterbi(points).assignment(),
                posterior.marginals(points).assignment());
    }

    /** NaN is never an answer: it says the globals are beyond what double precision can evaluate. */
    private static void requireNumbers(Map<String, Tensor> globals, double logJoint, Map<String, Tensor> gradient) {
        String at = " at weights = " + java.util.Arrays.toString(globals.get("weights").toArray()) + ", scale = "
                + globals.get("scale").item() + ", locs = " + java.util.Arrays.toString(globals.get("locs").toArray())
                + ": double precision cannot evaluate the mixture there; give values of a sensible magnitude";
        if (Double.isNaN(logJoint)) {
            throw new IllegalArgumentException("the log joint is not a number (NaN)" + at);
        }
        gradient.forEach((name, value) -> {
            double[] entries = value.toArray();
            for (int i = 0; i < entries.length; i++) {
                if (Double.isNaN(entries[i])) {
                    throw new IllegalArgumentException("the gradient with respect to " + name
                            + (value.rank() == 0 ? "" : "[" + i + "]") + " is not a number (NaN)" + at);
                }
            }
        });
    }

    /** {@return K, checked to agree between weights and locs, with a scalar scale} */
    public static int components(Map<String, Tensor> globals) {
        for (String name : GLOBALS) {
            if (!globals.containsKey(name)) {
                throw new IllegalArgumentException("no value for '" + name + "'; the mixture's globals are " + GLOBALS);
            }
        }
        Tensor weights = globals.get("weights");
        Tensor locs = globals.get("locs");
        if (weights.rank() != 1 || locs.rank() != 1 || weights.size(0) != locs.size(0)) {
            throw new IllegalArgumentException("weights and locs must be vectors of the same length K, got shapes "
                    + java.util.Arrays.toString(weights.shape()) + " and " + java.util.Arrays.toString(locs.shape()));
        }
        if (globals.get("scale").rank() != 0) {
            throw new IllegalArgumentException("scale must be a scalar, got shape "
                    + java.util.Arrays.toString(globals.get("scale").shape()));
        }
        return weights.size(0);
    }
}
