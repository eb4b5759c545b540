package dev.trellis.samples.dmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The programs generated from {@link Dmm} and {@link DmmGuide} do exactly what the seed tutorial's DMM written by
 * hand against the runtime does (the reference in the runtime's tests, here on the sample's networks): from the same
 * initialisation and random stream, 25 SVI steps give the same losses, bit for bit, and the same parameters, with
 * and without KL annealing. This checks the generated loop itself: site order, names, scales, what each step reads,
 * and the order of the random draws.
 */
class DmmProgramsMatchHandWrittenTest {

    private static final int STEPS = 25;

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.3})
    void trainingTrajectoriesAreTheHandWrittenPairs(double annealing) {
        SineSeries series = SineSeries.draw(30, Rng.seeded(7));
        Tensor x = series.observations();

        DmmNetworks generatedNetworks = networks();
        DmmProgram model = new DmmProgram(new Dmm(generatedNetworks), x);
        DmmGuideProgram guide = new DmmGuideProgram(new DmmGuide(generatedNetworks), model);
        model.setScale("annealing", annealing);
        ParamStore generatedStore = new ParamStore();
        double[] generated = train(model, guide, generatedStore);

        DmmNetworks handNetworks = networks();
        ParamStore handStore = new ParamStore();
        double[] hand = train(handModel(handNetworks, x, annealing), handGuide(handNetworks, x, annealing), handStore);

        assertArrayEquals(hand, generated);
        assertEquals(handStore.names(), generatedStore.names());
        for (String name : handStore.names()) {
            assertEquals(handStore.unconstrained(name), generatedStore.unconstrained(name), name);
        }
    }

    private static DmmNetworks networks() {
        return new DmmNetworks(1, SineDmmFit.Z_DIM, SineDmmFit.HIDDEN_DIM, SineDmmFit.RNN_DIM, Rng.seeded(1000));
    }

    private static double[] train(Program model, Program guide, ParamStore store) {
        Svi svi = new Svi(model, guide, SineDmmFit.optimizer(), new TraceElbo(), store);
        Rng rng = Rng.seeded(11);
        double[] losses = new double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            losses[step] = svi.step(rng);
        }
        return losses;
    }

    /** The tutorial's model, as the runtime's hand-written reference writes it. */
    private static Program handModel(DmmNetworks networks, Tensor x, double annealing) {
        return context -> {
            DmmNetworks dmm = context.module("dmm", networks);
            Tensor obsScale = context.param("obs_scale", Tensor.scalar(1.0), new Constraint.Positive());
            Tensor previous = dmm.z0();
            for (int t = 1; t <= x.size(0); t++) {
                Tensor[] next = dmm.trans().forward(previous);
                Tensor z = context.sample("z_" + t, Normal.of(next[0], next[1]).toEvent(1),
                        SiteOptions.scaled(annealing));
                Tensor loc = dmm.emitter().forward(z);
                context.observe("x_" + t, Normal.of(loc, obsScale.expand(loc.shape())).toEvent(1),
                        x.select(0, t - 1));
                previous = z;
            }
        };
    }

    private static Program handGuide(DmmNetworks networks, Tensor x, double annealing) {
        return context -> {
            DmmNetworks dmm = context.module("dmm", networks);
            Tensor rnnOut = dmm.rnn().forward(x.unsqueeze(0), dmm.h0()).output().select(0, 0);
            Tensor previous = dmm.zq0();
            for (int t = 1; t <= x.size(0); t++) {
                Tensor[] proposal = dmm.combiner().forward(previous, rnnOut.select(0, t - 1));
                previous = context.sample("z_" + t, Normal.of(proposal[0], proposal[1]).toEvent(1),
                        SiteOptions.scaled(annealing));
            }
        };
    }
}
