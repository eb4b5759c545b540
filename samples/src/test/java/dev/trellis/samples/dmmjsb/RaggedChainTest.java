package dev.trellis.samples.dmmjsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ragged sequences bound without padding: the generated programs' batched, masked steps give exactly the sum of each
 * sequence run alone (which needs neither padding nor masks, and whose RNN reads no padding), for the model and for
 * the guide (whose RNN runs right to left within each length); and a subsampled plate of sequences scores just its
 * members, scaled by size / subsample size.
 */
class RaggedChainTest {

    private static final int[] LENGTHS = {3, 1, 4, 2};
    private static final int NOTES = 5;
    private static final int Z = 3;

    private final JsbDmmNetworks networks = new JsbDmmNetworks(NOTES, Z, 4, 4, 6, Rng.seeded(3));
    private final List<Tensor> sequences = sequences();
    private final Tensor[] path = path();

    @Test
    void aBatchOfRaggedSequencesScoresAsEachSequenceAlone() {
        JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), sequences);
        JsbDmmGuideProgram guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
        model.setScale("annealing", 0.7);
        ParamStore store = new ParamStore();

        double batchP = Conditioned.logJoint(Conditioned.run(model, batchPath(new int[] {0, 1, 2, 3}), store));
        double batchQ = Conditioned.logJoint(Conditioned.run(guide, batchPath(new int[] {0, 1, 2, 3}), store));

        double aloneP = 0;
        double aloneQ = 0;
        for (int s = 0; s < LENGTHS.length; s++) {
            JsbDmmProgram one = new JsbDmmProgram(new JsbDmm(networks), List.of(sequences.get(s)));
            one.setScale("annealing", 0.7);
            aloneP += Conditioned.logJoint(Conditioned.run(one, singlePath(s), store));
            aloneQ += Conditioned.logJoint(Conditioned.run(new JsbDmmGuideProgram(new JsbDmmGuide(networks), one),
                    singlePath(s), store));
        }
        assertEquals(aloneP, batchP, 1e-12 * Math.abs(aloneP));
        assertEquals(aloneQ, batchQ, 1e-12 * Math.abs(aloneQ));
        assertEquals(4, model.plateSize("time"));
    }

    @Test
    void aSubsampledPlateOfSequencesScoresItsMembersScaledUp() {
        JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), sequences);
        JsbDmmGuideProgram guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
        int[] members = {1, 3};   // lengths 1 and 2: the run takes two steps
        ParamStore store = new ParamStore();

        double subsampledP = MembersRun.logJoint(model, members, batchPath(members), store);
        double subsampledQ = MembersRun.logJoint(guide, members, batchPath(members), store);

        double aloneP = 0;
        double aloneQ = 0;
        for (int s : members) {
            JsbDmmProgram one = new JsbDmmProgram(new JsbDmm(networks), List.of(sequences.get(s)));
            aloneP += Conditioned.logJoint(Conditioned.run(one, singlePath(s), store));
            aloneQ += Conditioned.logJoint(Conditioned.run(new JsbDmmGuideProgram(new JsbDmmGuide(networks), one),
                    singlePath(s), store));
        }
        assertEquals(2 * aloneP, subsampledP, 1e-12 * Math.abs(aloneP));
        assertEquals(2 * aloneQ, subsampledQ, 1e-12 * Math.abs(aloneQ));
    }

    @Test
    void sequencesThatDisagreeWithThePlateOrHaveNoStepsAreNamed() {
        List<Tensor> withEmpty = new ArrayList<>(sequences);
        withEmpty.set(2, Tensor.zeros(0, NOTES));

        SiteException e = assertThrows(SiteException.class,
                () -> new JsbDmmProgram(new JsbDmm(networks), withEmpty));

        assertTrue(e.getMessage().startsWith("site 'obs_x' at sequence 2: has shape [0, 5]"), e.getMessage());
    }

    private static List<Tensor> sequences() {
        return PianoRollFixtures.sequences(LENGTHS, NOTES);
    }

    /** z at step t (0-based) of sequence s: a smooth function of (s, t, k). */
    private static Tensor[] path() {
        Tensor[] steps = new Tensor[4];
        for (int t = 0; t < steps.length; t++) {
            double[] z = new double[LENGTHS.length * Z];
            for (int s = 0; s < LENGTHS.length; s++) {
                for (int k = 0; k < Z; k++) {
                    z[s * Z + k] = 0.7 * Math.sin(0.4 * t + 0.9 * k + 1.3 * s);
                }
            }
            steps[t] = Tensor.of(z, LENGTHS.length, Z);
        }
        return steps;
    }

    /** The values of z_1..z_T for the given rows, T the longest of their lengths. */
    private Map<String, Tensor> batchPath(int[] rows) {
        int steps = 0;
        for (int row : rows) {
            steps = Math.max(steps, LENGTHS[row]);
        }
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (int t = 0; t < steps; t++) {
            values.put("z_" + (t + 1), path[t].index(0, rows));
        }
        return values;
    }

    private Map<String, Tensor> singlePath(int s) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (int t = 0; t < LENGTHS[s]; t++) {
            values.put("z_" + (t + 1), path[t].index(0, new int[] {s}));
        }
        return values;
    }
}
