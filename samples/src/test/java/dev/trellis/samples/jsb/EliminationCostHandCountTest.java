package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.elimination.EliminationCost;
import dev.trellis.runtime.elimination.EliminationSizes;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.gmm.Gmm;
import dev.trellis.samples.gmm.GmmInference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The elimination cost the processor counted for hmm.py's models (model_1 to model_6: the jsb package) and the GMM,
 * bound to sizes, against a count by hand from each model's structure. Sizes are hmm.py's: K = 16 hidden states per
 * chain; the JSB training split's sequences S and steps T (all sequences' steps together, read from the data).
 * Entries are table entries; work is the number of entries of the products the contractions form.
 */
class EliminationCostHandCountTest {
    private static final long K = 16;
    private static final JsbSplit TRAIN = JsbData.CHORALES.train();
    private static final long S = TRAIN.numSequences();
    private static final long T = java.util.Arrays.stream(TRAIN.lengths()).asLongStream().sum();

    private static EliminationSizes chains(String... sites) {
        EliminationSizes sizes = EliminationSizes.NONE.instances("sequences", S).instances("time", T);
        for (String site : sites) {
            sizes = sizes.domain(site, K);
        }
        return sizes;
    }

    private static void assertCost(EliminationCost cost, long largest, long workPerStep, long likelihood,
            long marginals) {
        assertEquals(largest, cost.largestFactor().entries(), cost.print());
        assertEquals(1, cost.work().size(), cost.print());
        assertEquals(workPerStep, cost.work().get(0).perUnit(), cost.print());
        assertEquals(workPerStep * T, cost.work().get(0).total(), cost.print());
        assertEquals(likelihood, cost.likelihoodMemory(), cost.print());
        assertEquals(marginals, cost.marginalsMemory(), cost.print());
    }

    @Test
    void the_training_split_has_229_sequences() {
        assertEquals(229, S);
        assertEquals(T, TRAIN.numObservations());
    }

    /**
     * model_1 and, for the cost, model_2 (ARHMM: its evidence reads the previous notes, still one row of K per step)
     * and model_5 (nnHMM: the network's evidence, K per step).
     */
    @Test
    void hmm_arhmm_and_nnhmm_cost_a_k_by_k_transition_per_step() {
        long largest = K * K;                 // the transition p(x_t | x_t-1): 16·16 = 256
        long step = K * K + K;                // message[x@1] · transition[x@1, x], summed over x@1: 256 products;
                                              // then · evidence[x]: 16 more → 272
        long likelihood = K * K + K + K + S + 1; // transition 256 + initial 16 + one running message 16 (evidence
                                              // is streamed) + one log-likelihood per sequence + their sum
        long marginals = 2 * K * T + K * K + K + S + 1; // every step keeps its evidence row (16) and its message
                                              // (16), plus the two tables, the per-sequence values and the sum
        assertCost(HmmInference.eliminationCost(chains("x")), largest, step, likelihood, marginals);
        assertCost(ArhmmInference.eliminationCost(chains("x")), largest, step, likelihood, marginals);
        assertCost(NnHmmInference.eliminationCost(chains("x")), largest, step, likelihood, marginals);
        assertEquals(272, step);
    }

    /** model_3: two independent chains w and x, both read by the notes. */
    @Test
    void fhmm_carries_a_joint_message_over_both_chains() {
        long largest = K * K;                 // each chain's own transition, 256 (no table spans both chains)
        long step = K * K * K                 // message[w@1, x@1] · x's transition[x@1, x], sum x@1: 16³ = 4096
                + K * K * K                   // · w's transition[w@1, w], sum w@1: 4096
                + K * K;                      // · evidence[w, x]: 256 → 8448
        long likelihood = 2 * K * K + 2 * K   // two transitions and two initial tables
                + K * K                       // one running joint message [w, x]
                + S + 1;
        long marginals = 2 * K * K * T        // every step keeps its evidence [w, x] and its message [w, x]
                + 2 * K * K + 2 * K + S + 1;
        assertCost(FhmmInference.eliminationCost(chains("w", "x")), largest, step, likelihood, marginals);
        assertEquals(8448, step);
    }

    /** model_4: x's transition also reads w, so one table spans w and both steps of x. */
    @Test
    void pfhmm_has_a_transition_over_w_and_two_steps_of_x() {
        long largest = K * K * K;             // p(x_t | x_t-1, w_t): [x@1, w, x], 16³ = 4096
        long step = K * K * K + K * K * K + K * K; // as the FHMM: 4096 + 4096 + 256
        long likelihood = K * K * K           // x's transition
                + K * K + K                   // w's transition and initial table
                + K * K                       // x's initial table p(x_0 | w_0), [w, x]
                + K * K                       // one running message [w, x]
                + S + 1;
        long marginals = 2 * K * K * T + K * K * K + K * K + K * K + K + S + 1;
        assertCost(PfhmmInference.eliminationCost(chains("w", "x")), largest, step, likelihood, marginals);
    }

    /** model_6: a second-order chain, so the message spans the last two steps. */
    @Test
    void hmm2_costs_k_cubed_per_step() {
        long largest = K * K * K;             // p(x_t | x_t-1, x_t-2): [x@1, x@2, x], 4096
        long step = K * K * K + K * K;        // message[x@1, x@2] · transition, sum x@2: 4096; · evidence: 256
        long likelihood = K * K * K           // the transition
                + K * K + K                   // the tables of steps 1 and 0: [x@1, x] and [x]
                + K * K                       // one running message [x@1, x]
                + S + 1;
        long marginals = K * K * T + K * T    // every step keeps its message [x@1, x] and its evidence [x]
                + K * K * K + K * K + K + S + 1;
        assertCost(Hmm2Inference.eliminationCost(chains("x")), largest, step, likelihood, marginals);
        assertEquals(4352, step);
    }

    /** The sizes learned from one call's data equal the ones given by hand: K from the tables, S and T from the data. */
    @Test
    void the_hmms_cost_at_its_data_is_its_cost_at_the_datas_sizes() {
        List<double[][]> sequences = new ArrayList<>();
        for (int i = 0; i < TRAIN.numSequences(); i++) {
            sequences.add(TRAIN.sequence(i));
        }
        var inference = new HmmInference(new Hmm((int) K, TRAIN.numTones()),
                JsbInit.hmmPy(JsbModel.HMM, TRAIN.numTones(), 0));

        EliminationCost atData = inference.eliminationCost(sequences);

        assertEquals(HmmInference.eliminationCost(chains("x")), atData);
    }

    /** The GMM of Pyro's tutorial: one assignment per point, K components, N points. */
    @Test
    void the_gmm_costs_k_per_point() {
        long k = 3;
        long n = 10;
        EliminationCost cost = GmmInference.eliminationCost(EliminationSizes.NONE.domain("assignment", k)
                .instances("data", n));
        assertEquals(k, cost.largestFactor().entries()); // the assignment table p(z) = weights, [assignment]
        assertEquals("data", cost.work().get(0).where());
        assertEquals(k, cost.work().get(0).perUnit());   // table · evidence[assignment], summed: 3 per point
        assertEquals(k * n, cost.work().get(0).total()); // 30 over the ten points
        long memory = k * n                            // the evidence of every point, [assignment] per point
                + k                                    // the assignment table
                + n + 1;                               // one log-likelihood per point and their sum
        assertEquals(memory, cost.likelihoodMemory());
        assertEquals(memory, cost.marginalsMemory());  // nothing is scanned: marginals keep the same tables

        double[] points = {-2.0, -1.5, -1.0, 0.0, 0.2, 0.5, 1.0, 1.4, 2.0, 3.0};
        var inference = new GmmInference(new Gmm((int) k), Map.of("weights", Tensor.vector(0.2, 0.3, 0.5),
                "scale", Tensor.scalar(1.0), "locs", Tensor.vector(-1.0, 0.0, 1.0)));
        assertEquals(cost, inference.eliminationCost(points));
    }
}
