package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.inference.AutoregressiveBernoulliFactor;
import dev.trellis.runtime.inference.BernoulliChainFactor;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tables and evidence this package makes for hmm.py's model_1 and model_2 give the log-likelihood today's chain
 * factors give on the same data and parameters: a naive log-space forward pass over {@link Tabulation}'s initial and
 * transition tables and the evidence rows, per ragged sequence, against {@link BernoulliChainFactor} and
 * {@link AutoregressiveBernoulliFactor}.
 */
class TodaysChainFactorsAgreementTest {

    private static final int K = 3;
    private static final int D = 6;
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").folded("tones")
            .build();

    private final SplittableRandom random = new SplittableRandom(71);
    private final Tensor initLogits = Tensor.of(EvidenceChecks.uniform(random, K, -1, 1), K);
    private final Tensor transLogits = Tensor.of(EvidenceChecks.uniform(random, K * K, -1, 1), K, K);
    private final List<double[][]> sequences = EvidenceChecks.binarySequences(random, new int[] {7, 0, 4, 12}, D);
    private final ObservedData data = LEVELS.bind(sequences);
    private final Tensor logInit = Tabulation.table("x", new String[0], new int[0],
            a -> Categorical.ofLogits(initLogits));
    private final Tensor logTrans = Tabulation.table("x", new String[] {"previous"}, new int[] {K},
            a -> Categorical.ofLogits(transLogits.select(0, a[0])), K);

    @Test
    void model1GivesTheLikelihoodOfBernoulliChainFactor() {
        Tensor logits = Tensor.of(EvidenceChecks.uniform(random, K * D, -2, 2), K, D);
        Evidence evidence = BernoulliEvidence.of(data, EnumeratedParents.current(new String[] {"x"}, new int[] {K}),
                (v, p) -> Bernoulli.ofLogits(logits.select(0, p[0])));
        List<BernoulliObservations> observations = sequences.stream().map(y -> BernoulliObservations.of(y, D))
                .toList();
        double today = new BernoulliChainFactor(observations, K).logMarginal(logInit, logTrans, logits.logSigmoid(),
                logits.neg().logSigmoid(), new int[] {0, 1, 2, 3}, 1.0).item();
        assertAgree(today, forward(EvidenceChecks.rows(evidence)));
    }

    @Test
    void model2GivesTheLikelihoodOfAutoregressiveBernoulliFactor() {
        Tensor logits = Tensor.of(EvidenceChecks.uniform(random, K * 2 * D, -2, 2), K, 2, D);
        Evidence evidence = AutoregressiveBernoulliEvidence.of(data, EnumeratedParents.current(new String[] {"x"},
                new int[] {K}), 0, (v, p, previous) -> {
                    Tensor table = logits.select(0, p[0]);
                    // p[x, y_prev[d], d], read member by member.
                    return Bernoulli.ofLogits(table.select(0, 0).mul(previous.neg().add(1))
                            .add(table.select(0, 1).mul(previous)));
                });
        double today = new AutoregressiveBernoulliFactor("y", sequences, 0, K).logMarginal(logInit, logTrans,
                logits.logSigmoid(), logits.neg().logSigmoid(), new int[] {0, 1, 2, 3}, 1.0).item();
        assertAgree(today, forward(EvidenceChecks.rows(evidence)));
    }

    /** {@code sum over sequences of log sum_x exp(forward)}, naively in log space. */
    private double forward(double[] rows) {
        double[] init = logInit.toArray();
        double[] trans = logTrans.toArray();
        int[] counts = data.counts(1);
        double total = 0;
        int i = 0;
        for (int length : counts) {
            double[] alpha = null;
            for (int t = 0; t < length; t++, i++) {
                double[] next = new double[K];
                for (int x = 0; x < K; x++) {
                    double incoming;
                    if (alpha == null) {
                        incoming = init[x];
                    } else {
                        double[] terms = new double[K];
                        for (int previous = 0; previous < K; previous++) {
                            terms[previous] = alpha[previous] + trans[previous * K + x];
                        }
                        incoming = logSumExp(terms);
                    }
                    next[x] = incoming + rows[i * K + x];
                }
                alpha = next;
            }
            total += alpha == null ? 0 : logSumExp(alpha);
        }
        return total;
    }

    private static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double term : terms) {
            max = Math.max(max, term);
        }
        double sum = 0;
        for (double term : terms) {
            sum += Math.exp(term - max);
        }
        return max + Math.log(sum);
    }

    private static void assertAgree(double today, double here) {
        // Both sum the same ~100 terms of magnitude < 10 in different orders: a few ulps of ~100.
        assertTrue(Math.abs(today - here) <= 1e-12 * Math.abs(today), "today " + today + ", here " + here);
    }
}
