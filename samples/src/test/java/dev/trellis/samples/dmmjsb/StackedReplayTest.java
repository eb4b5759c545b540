package dev.trellis.samples.dmmjsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ElboEstimate;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoNormal;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * dmm.py's ELBO with the model replaying the guide's draws scores the model's sites over all steps at once (the
 * transition and the emitter run twice each per estimate, not once per step); the loss and every parameter's
 * gradient are those of the model run step by step at the same draws ({@code Conditioned}), up to the order of the
 * sums. The mini-batch is ragged and unsorted, so steps cut their active rows by index as well as by slice.
 */
class StackedReplayTest {

    private static final int[] LENGTHS = {3, 1, 5, 2, 5};
    private static final int NOTES = 5;
    private static final int Z = 3;

    @Test
    void theElboOfTheStackedModelIsTheStepByStepOne() {
        JsbDmmNetworks networks = new JsbDmmNetworks(NOTES, Z, 4, 4, 6, Rng.seeded(3));
        CountingDmm counting = new CountingDmm(networks);
        JsbDmmProgram model = new JsbDmmProgram(counting, PianoRollFixtures.sequences(LENGTHS, NOTES));
        JsbDmmGuideProgram guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
        model.setScale("annealing", 0.7);
        ParamScope scope = new ParamScope(new ParamStore());

        ElboEstimate stacked = new TraceElbo().estimate(model, guide, scope, Rng.seeded(11));
        int stackedCalls = counting.calls;

        assertEquals(4, stackedCalls, "z and obs_x: the first step alone, the other four stacked");
        List<String> compared = assertStepByStepAgrees(model, stacked, scope);
        assertEquals(4 + 2 * 5, counting.calls, "the conditioned run calls each site once per step");
        assertFalse(compared.stream().noneMatch(name -> name.contains("trans")), "the model's networks are compared");
    }

    /**
     * A subsampled plate of sequences: the guide's members, the stacked steps over their rows only, the scale size /
     * subsample size; the loss is the members' log-densities run step by step, scaled up.
     */
    @Test
    void aSubsampledPlateOfSequencesStacksItsMembersRows() {
        JsbDmmNetworks networks = new JsbDmmNetworks(NOTES, Z, 4, 4, 6, Rng.seeded(3));
        JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), PianoRollFixtures.sequences(LENGTHS, NOTES));
        JsbDmmGuideProgram guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
        ParamStore store = new ParamStore();

        ElboEstimate stacked = new TraceElbo().withSubsample("sequences", 3).estimate(model, guide,
                new ParamScope(store), Rng.seeded(13));

        int[] members = stacked.guide().plate("sequences").indices();
        Map<String, Tensor> draws = new LinkedHashMap<>();
        for (Site site : stacked.guide().sites()) {
            draws.put(site.name(), site.value());
        }
        double logP = MembersRun.logJoint(model, members, draws, store);
        double logQ = MembersRun.logJoint(guide, members, draws, store);
        assertEquals(3, members.length);
        assertEquals(logQ - logP, stacked.loss(), 1e-12 * Math.abs(logQ - logP));
    }

    /**
     * A chain of history 2 whose first step reads an initial value, with a per-sequence site outside the chain and an
     * autoguide's draws: z's first two steps run alone (an earlier value is missing), the others stacked.
     */
    @Test
    void aChainOfHistoryTwoUnderAnAutoguideScoresAsStepByStep() {
        int[] lengths = {3, 1, 4, 2};
        List<Tensor> data = new ArrayList<>();
        for (int s = 0; s < lengths.length; s++) {
            data.add(PianoRollFixtures.sequences(new int[] {lengths[s]}, 2).get(0).mul(0.7).add(-0.2 * s));
        }
        CountingTracks counting = new CountingTracks();
        RaggedTracksProgram model = new RaggedTracksProgram(counting, data);
        ParamScope scope = new ParamScope(new ParamStore());
        AutoNormal guide = new AutoNormal(model);
        new TraceElbo().estimate(model, guide, scope, Rng.seeded(4));   // the autoguide runs the model once first
        counting.calls = 0;

        ElboEstimate stacked = new TraceElbo().estimate(model, guide, scope, Rng.seeded(5));
        int stackedCalls = counting.calls;
        counting.calls = 0;

        assertEquals(1 + 3 + 2, stackedCalls, "w once; z alone at steps 1 and 2, then stacked; x alone, then stacked");
        assertFalse(assertStepByStepAgrees(model, stacked, scope).isEmpty());
        assertEquals(1 + 4 + 4, counting.calls);
    }

    /**
     * The estimate's loss and every parameter's gradient against the model run step by step at the guide's draws;
     * {@return the parameters compared}
     */
    private static List<String> assertStepByStepAgrees(Program model, ElboEstimate stacked, ParamScope scope) {
        Map<String, Tensor> draws = new LinkedHashMap<>();
        for (Site site : stacked.guide().sites()) {
            draws.put(site.name(), site.value());
        }
        Tensor logP = Tensor.scalar(0.0);
        for (Site site : Conditioned.run(model, draws, scope).sites()) {
            logP = logP.add(site.logProb().sum());
        }
        Tensor logQ = Tensor.scalar(0.0);
        for (Site site : stacked.guide().sites()) {
            logQ = logQ.add(site.logProb().sum());
        }
        Tensor stepByStep = logQ.sub(logP);
        assertEquals(stepByStep.item(), stacked.loss(), 1e-12 * Math.abs(stepByStep.item()));
        Gradients expected = Autodiff.gradients(stepByStep);
        Gradients actual = Autodiff.gradients(stacked.surrogateLoss());
        List<String> compared = new ArrayList<>();
        scope.leaves().forEach((name, leaf) -> {
            double[] e = expected.of(leaf).toArray();
            double[] a = actual.of(leaf).toArray();
            double largest = 0;
            for (double v : e) {
                largest = Math.max(largest, Math.abs(v));
            }
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-12 * largest, name + "[" + i + "]");
            }
            compared.add(name);
        });
        return compared;
    }

    /** {@link RaggedTracks}, counting how often its site methods run. */
    private static final class CountingTracks extends RaggedTracks {
        int calls;

        @Override
        Distribution w() {
            calls++;
            return super.w();
        }

        @Override
        Distribution z(Tensor last, @Nullable Tensor beforeLast, Tensor w) {
            calls++;
            return super.z(last, beforeLast, w);
        }

        @Override
        Distribution x(Tensor z, Tensor w) {
            calls++;
            return super.x(z, w);
        }
    }

    /** dmm.py's model, counting how often its site methods run. */
    private static final class CountingDmm extends JsbDmm {
        int calls;

        CountingDmm(JsbDmmNetworks networks) {
            super(networks);
        }

        @Override
        Distribution z(@Nullable Tensor previous, JsbDmmNetworks dmm) {
            calls++;
            return super.z(previous, dmm);
        }

        @Override
        Distribution x(Tensor z, JsbDmmNetworks dmm) {
            calls++;
            return super.x(z, dmm);
        }
    }
}
