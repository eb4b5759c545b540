package dev.trellis.samples.pinned;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;

/**
 * What the pins record, independent of the API that computes it: the adapters in {@link TodaysPipeline} fill these
 * records, the writer stores them and {@link PinnedResultsTest} compares them with the files.
 */
final class PinnedAnswers {
    private PinnedAnswers() {}

    /**
     * One observation sequence's exact answers from a model with enumerated chains.
     *
     * @param logLikelihood log p(observations), every enumerated site summed out; -Infinity when impossible
     * @param impossible whether the observations have probability 0, so that marginals and Viterbi are refused
     * @param marginals per enumerated site, {@code [t][k] = P(site_t = k | observations)}; empty when impossible
     * @param viterbi per enumerated site, its value at every step on the MAP assignment; empty when impossible
     * @param viterbiLogJoint log p(observations, MAP assignment); NaN when impossible
     */
    record Chain(double logLikelihood, boolean impossible, Map<String, double[][]> marginals,
                 Map<String, int[]> viterbi, double viterbiLogJoint) {

        static Chain impossible(double logLikelihood) {
            return new Chain(logLikelihood, true, Map.of(), Map.of(), Double.NaN);
        }
    }

    /**
     * A program's training objective at fixed values of its globals.
     *
     * @param loss minus the log joint: every site the program records, priors of the globals included
     * @param lossNoPrior minus the sum of the observed sites (the factor that sums the enumerated sites out)
     * @param gradient d loss / d each global, in constrained space, by name
     */
    record Score(double loss, double lossNoPrior, Map<String, Tensor> gradient) {}

    /**
     * The exact posterior of a mixture's enumerated site given its globals.
     *
     * @param logMarginal log p(data | globals), the site summed out
     * @param mapAssignment the MAP value of every member of the data plate
     * @param mapLogJoint log p(data, MAP assignment | globals)
     * @param probabilities {@code [n][k] = P(site_n = k | data, globals)}
     */
    record Mixture(double logMarginal, int[] mapAssignment, double mapLogJoint, double[][] probabilities) {}
}
