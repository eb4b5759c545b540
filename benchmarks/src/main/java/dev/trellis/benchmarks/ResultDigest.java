package dev.trellis.benchmarks;

import java.util.Arrays;

/**
 * Prints what the benchmarked operations compute, every double in full ({@link Double#toString} round-trips), so that
 * two builds can be compared bit for bit after a change meant only to make them faster: the losses of twenty consecutive SVI
 * steps of hmm.py model_1 (whole split and batch 8) and of model_6 (batch 8) from the benchmarks' initial parameters
 * (each loss depends on every earlier step's gradient); and the likelihood, a marginal, the MAP log joint (and, for the Normal
 * emissions, the program's log-likelihood plus its gradient's entries) of the categorical, Normal-emission and
 * factorial HMMs at T = 10^4. Run it from this jar, or put its class first on the class path of another build's jar:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.trellis.benchmarks.ResultDigest > digest.txt}.
 */
public final class ResultDigest {

    private ResultDigest() {
    }

    public static void main(String[] args) throws Exception {
        for (String batch : new String[] {"all", "8"}) {
            HmmSviBenchmark svi = new HmmSviBenchmark();
            svi.batch = batch;
            svi.setUp();
            print("hmm SVI batch " + batch, trajectory(svi::continueTraining));
        }
        Hmm2SviBenchmark hmm2 = new Hmm2SviBenchmark();
        hmm2.batch = "8";
        hmm2.setUp();
        print("hmm2 SVI batch 8", trajectory(hmm2::continueTraining));
        for (int states : new int[] {2, 16, 64}) {
            DiscreteHmmBenchmark discrete = new DiscreteHmmBenchmark();
            discrete.states = states;
            discrete.length = 10_000;
            discrete.setUp();
            print("categorical K=" + states, discrete.forward(), discrete.forwardBackward(), discrete.viterbi());
        }
        for (double scale : new double[] {0.3, 3}) {
            GaussianHmmBenchmark gaussian = new GaussianHmmBenchmark();
            gaussian.states = 16;
            gaussian.length = 10_000;
            gaussian.scale = scale;
            gaussian.setUp();
            print("gaussian s=" + scale, gaussian.likelihood(), gaussian.marginals(), gaussian.viterbi(),
                    gaussian.gradient());
        }
        for (int states : new int[] {2, 4}) {
            FactorialHmmBenchmark factorial = new FactorialHmmBenchmark();
            factorial.states = states;
            factorial.length = 10_000;
            factorial.noise = 20;
            factorial.setUp();
            print("factorial 3x" + states, factorial.likelihood(), factorial.marginals(), factorial.viterbi());
        }
    }

    /** The losses of twenty consecutive steps (each depends on every earlier step's gradient). */
    private static double[] trajectory(java.util.function.DoubleSupplier step) {
        double[] losses = new double[20];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = step.getAsDouble();
        }
        return losses;
    }

    private static void print(String name, double... values) {
        System.out.println(name + " " + Arrays.toString(values));
    }
}
