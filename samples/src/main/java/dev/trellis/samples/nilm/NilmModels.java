package dev.trellis.samples.nilm;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;

/**
 * The generated classes of {@link Nilm3}, {@link Nilm4} and {@link Nilm5} behind one interface indexed by the number
 * of appliances, with each appliance's chain as a row: the DSL fixes the number of chains per model, the sample picks
 * the model at run time.
 */
public final class NilmModels {
    /** The numbers of appliances there is a model for. */
    public static final int FEWEST = 3;
    public static final int MOST = 5;

    private NilmModels() {}

    /**
     * A draw from a model.
     *
     * @param on {@code [appliance][t]}: 1 where the appliance is on
     * @param reading the meter reading at each step
     */
    public record Simulation(int[][] on, double[] reading) {}

    /**
     * What the queries at given globals say about a reading.
     *
     * @param logLikelihood log p(reading), every chain summed out
     * @param mapOn {@code [appliance][t]}: the MAP joint assignment of every chain (Viterbi)
     * @param mapLogJoint log p(reading, MAP assignment)
     * @param probabilityOn {@code [appliance][t]}: P(on at t | reading), the chain's marginal
     */
    public record Decoding(double logLikelihood, int[][] mapOn, double mapLogJoint, double[][] probabilityOn) {}

    /** @throws IllegalArgumentException unless there is a model for {@code appliances} appliances */
    static void checkAppliances(int appliances) {
        if (appliances < FEWEST || appliances > MOST) {
            throw new IllegalArgumentException("there are models for " + FEWEST + " to " + MOST
                    + " appliances (one class per number of chains), not " + appliances);
        }
    }

    /** {@return the SVI program of the model of {@code appliances} appliances, conditioned on {@code reading}} */
    public static Program program(int appliances, double[] reading) {
        checkAppliances(appliances);
        return switch (appliances) {
            case 3 -> new Nilm3Program(new Nilm3(), reading);
            case 4 -> new Nilm4Program(new Nilm4(), reading);
            default -> new Nilm5Program(new Nilm5(), reading);
        };
    }

    /** {@return a draw of every appliance and the reading for {@code steps} steps, at {@code globals}} */
    public static Simulation simulate(int appliances, Map<String, Tensor> globals, int steps, Rng rng) {
        checkAppliances(appliances);
        return switch (appliances) {
            case 3 -> {
                Nilm3Inference.Simulation s = new Nilm3Inference(new Nilm3(), globals).simulate(steps, rng);
                yield new Simulation(new int[][] {s.on0(), s.on1(), s.on2()}, s.reading());
            }
            case 4 -> {
                Nilm4Inference.Simulation s = new Nilm4Inference(new Nilm4(), globals).simulate(steps, rng);
                yield new Simulation(new int[][] {s.on0(), s.on1(), s.on2(), s.on3()}, s.reading());
            }
            default -> {
                Nilm5Inference.Simulation s = new Nilm5Inference(new Nilm5(), globals).simulate(steps, rng);
                yield new Simulation(new int[][] {s.on0(), s.on1(), s.on2(), s.on3(), s.on4()}, s.reading());
            }
        };
    }

    /** {@return the log-likelihood, MAP assignment and marginals of {@code reading} at {@code globals}} */
    public static Decoding decode(int appliances, Map<String, Tensor> globals, double[] reading) {
        checkAppliances(appliances);
        return switch (appliances) {
            case 3 -> {
                var inference = new Nilm3Inference(new Nilm3(), globals);
                var map = inference.viterbi(reading);
                var marginals = inference.marginals(reading);
                yield new Decoding(inference.logLikelihood(reading), new int[][] {map.on0(), map.on1(), map.on2()},
                        map.logJoint(), on(marginals.on0(), marginals.on1(), marginals.on2()));
            }
            case 4 -> {
                var inference = new Nilm4Inference(new Nilm4(), globals);
                var map = inference.viterbi(reading);
                var marginals = inference.marginals(reading);
                yield new Decoding(inference.logLikelihood(reading),
                        new int[][] {map.on0(), map.on1(), map.on2(), map.on3()}, map.logJoint(),
                        on(marginals.on0(), marginals.on1(), marginals.on2(), marginals.on3()));
            }
            default -> {
                var inference = new Nilm5Inference(new Nilm5(), globals);
                var map = inference.viterbi(reading);
                var marginals = inference.marginals(reading);
                yield new Decoding(inference.logLikelihood(reading),
                        new int[][] {map.on0(), map.on1(), map.on2(), map.on3(), map.on4()}, map.logJoint(),
                        on(marginals.on0(), marginals.on1(), marginals.on2(), marginals.on3(), marginals.on4()));
            }
        };
    }

    /** Each chain's marginals {@code [t][state]} reduced to P(on) {@code [t]}. */
    private static double[][] on(double[][]... marginals) {
        double[][] on = new double[marginals.length][];
        for (int i = 0; i < marginals.length; i++) {
            on[i] = new double[marginals[i].length];
            for (int t = 0; t < marginals[i].length; t++) {
                on[i][t] = marginals[i][t][NilmSites.ON];
            }
        }
        return on;
    }
}
