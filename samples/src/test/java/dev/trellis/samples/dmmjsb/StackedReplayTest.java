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
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.TraceElbo;
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
        stacked.surrogateLoss();   // built already: the estimate scored every site
        int stackedCalls = counting.calls;

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

        assertEquals(4, stackedCalls, "z and obs_x: the first step alone, the other four stacked");
        assertEquals(4 + 2 * 5, counting.calls, "the conditioned run calls each site once per step");
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
        assertFalse(compared.stream().noneMatch(name -> name.contains("trans")), "the model's networks are compared");
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
