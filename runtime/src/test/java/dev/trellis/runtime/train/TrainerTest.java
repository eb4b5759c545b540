package dev.trellis.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.distributions.Uniform;
import dev.trellis.runtime.errors.TrainingStoppedException;
import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.params.ParamStoreFile;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @Test
    void aRunIsTheLoopOfSviSteps() {
        ParamStore byHand = new ParamStore();
        Svi svi = TrainingModels.svi(byHand);
        Rng rng = Rng.seeded(11);
        double[] expected = new double[30];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = svi.step(rng);
        }

        ParamStore store = new ParamStore();
        List<String> events = new ArrayList<>();
        TrainingResult result = Trainer.of(TrainingModels.svi(store)).steps(30).rng(Rng.seeded(11))
                .listener(new TrainingListener() {
                    @Override
                    public void onStart(int stepsDone, int steps) {
                        events.add("start " + stepsDone + "/" + steps);
                    }

                    @Override
                    public void afterStep(int step, double loss) {
                        events.add("step " + step);
                    }

                    @Override
                    public void onEnd(TrainingResult end) {
                        events.add("end " + end.steps());
                    }
                }).run();

        assertArrayEquals(expected, result.losses());
        assertNull(result.stoppedEarly());
        assertSameStores(byHand, store);
        assertEquals(32, events.size());
        assertEquals("start 0/30", events.get(0));
        assertEquals("step 30", events.get(30));
        assertEquals("end 30", events.get(31));
    }

    /**
     * The promise of checkpoints: a run killed after step 17 and resumed from its checkpoint of step 15 (in a fresh
     * trainer, optimizer, store and stream, as a new process would have) ends bit for bit where the uninterrupted run
     * ends: every loss and every parameter, with Adam's moments, ClippedAdam's decayed learning rate, TraceGraph's
     * baselines and the random stream all carried over.
     */
    @Test
    void aRunResumedFromItsCheckpointIsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) throws IOException {
        ParamStore straightStore = new ParamStore();
        TrainingResult straight = Trainer.of(TrainingModels.svi(straightStore)).steps(40).rng(Rng.seeded(5)).run();

        Path checkpoint = dir.resolve("run.ckpt.json");
        RuntimeException killed = new RuntimeException("killed after step 17 (simulated)");
        Trainer interrupted = Trainer.of(TrainingModels.svi(new ParamStore())).steps(40).rng(Rng.seeded(5))
                .checkpointEvery(5, checkpoint)
                .listener(new TrainingListener() {
                    @Override
                    public void afterStep(int step, double loss) {
                        if (step == 17) {
                            throw killed;
                        }
                    }
                });
        assertEquals(killed, assertThrows(RuntimeException.class, interrupted::run));
        assertEquals(15, ParamStoreFile.loadTrainingState(checkpoint).step());

        ParamStore resumedStore = new ParamStore();
        List<Integer> resumedSteps = new ArrayList<>();
        TrainingResult resumed = Trainer.of(TrainingModels.svi(resumedStore)).steps(40).rng(Rng.seeded(999))
                .resumeFrom(checkpoint)
                .listener(new TrainingListener() {
                    @Override
                    public void onStart(int stepsDone, int steps) {
                        resumedSteps.add(stepsDone);
                    }
                })
                .run();

        assertEquals(List.of(15), resumedSteps);
        assertArrayEquals(straight.losses(), resumed.losses());
        assertSameStores(straightStore, resumedStore);
    }

    @Test
    void aRunStoppedAtAStepCountResumesToTheSameEnd(@TempDir Path dir) throws IOException {
        ParamStore straightStore = new ParamStore();
        TrainingResult straight = Trainer.of(TrainingModels.svi(straightStore)).steps(25).rng(Rng.seeded(8)).run();

        Path checkpoint = dir.resolve("ckpt.json");
        Trainer.of(TrainingModels.svi(new ParamStore())).steps(12).rng(Rng.seeded(8)).checkpointEvery(100, checkpoint)
                .run();   // the checkpoint written when the run ends
        ParamStore store = new ParamStore();
        Trainer resumed = Trainer.of(TrainingModels.svi(store)).resumeFrom(checkpoint).steps(25);
        TrainingResult result = resumed.run();

        assertArrayEquals(straight.losses(), result.losses());
        assertSameStores(straightStore, store);
        assertEquals(25, resumed.svi().stepsTaken());
    }

    @Test
    void aCheckpointIsAParameterFileAndAPlainParameterFileIsNotACheckpoint(@TempDir Path dir) throws IOException {
        Path checkpoint = dir.resolve("ckpt.json");
        ParamStore store = new ParamStore();
        Trainer.of(TrainingModels.svi(store)).steps(3).checkpointEvery(2, checkpoint).run();
        assertEquals(store.snapshot().keySet(), ParamStoreFile.load(checkpoint).keySet());

        Path plain = dir.resolve("params.json");
        ParamStoreFile.save(store, plain);
        IOException e = assertThrows(IOException.class, () -> Trainer.of(TrainingModels.svi(new ParamStore()))
                .resumeFrom(plain));
        assertTrue(e.getMessage().contains("params.json holds parameters but no training state"), e.getMessage());
    }

    @Test
    void aStepThatFailsKeepsTheLossesOfTheStepsBefore() {
        int[] calls = {0};
        var model = (dev.trellis.runtime.svi.Program) context -> {
            Tensor mu = context.sample("mu", Normal.of(0.0, 1.0));
            context.observe("x", Normal.of(mu, Tensor.scalar(1.0)), Tensor.scalar(0.5));
            // at the 4th step, an observation of density zero: log p = -Infinity
            context.observe("u", Uniform.of(0.0, 1.0), Tensor.scalar(++calls[0] == 4 ? 1.0 : 0.5));
        };
        var guide = (dev.trellis.runtime.svi.Program) context -> context.sample("mu",
                Normal.of(context.param("loc", Tensor.scalar(0.0)), Tensor.scalar(1.0)));
        Trainer trainer = Trainer.of(new Svi(model, guide, Adam.withLearningRate(0.1), new TraceElbo(),
                new ParamStore())).steps(10);

        TrainingStoppedException e = assertThrows(TrainingStoppedException.class, trainer::run);
        assertEquals(4, e.step());
        assertEquals(3, trainer.stepsDone());
        assertEquals(3, trainer.losses().length);
    }

    /**
     * A MAP fit (AutoDelta: the loss is exact, not noisy) flattens out long before 2000 steps; the plateau rule stops
     * it, and says where. Resumed from the checkpoint written at the end, it stops at once.
     */
    @Test
    void aPlateauStopsTrainingEarlyAndAResumedRunStopsAtOnce(@TempDir Path dir) throws IOException {
        Path checkpoint = dir.resolve("map.json");
        var map = new Svi(TrainingModels.MODEL_CONTINUOUS, new AutoDelta(TrainingModels.MODEL_CONTINUOUS),
                Adam.withLearningRate(0.05), new TraceElbo(), new ParamStore());
        TrainingResult result = Trainer.of(map).steps(2000).stopWhen(new LossPlateau(20, 1e-6))
                .checkpointEvery(1000, checkpoint).run();

        assertNotNull(result.stoppedEarly());
        assertTrue(result.steps() < 2000 && result.steps() >= 40, "stopped after " + result.steps());
        assertTrue(result.stoppedEarly().startsWith("the loss reached a plateau: the mean of steps "
                + (result.steps() - 19) + "-" + result.steps()), result.stoppedEarly());
        double[] losses = result.losses();
        int n = losses.length;
        double previous = mean(losses, n - 40, n - 20);
        double last = mean(losses, n - 20, n);
        assertTrue(previous - last <= 1e-6 * Math.abs(previous));
        double before = mean(losses, n - 41, n - 21);
        double lastBefore = mean(losses, n - 21, n - 1);
        assertTrue(before - lastBefore > 1e-6 * Math.abs(before), "the rule fired at the first step it could");

        var again = new Svi(TrainingModels.MODEL_CONTINUOUS, new AutoDelta(TrainingModels.MODEL_CONTINUOUS),
                Adam.withLearningRate(0.05), new TraceElbo(), new ParamStore());
        TrainingResult resumed = Trainer.of(again).steps(2000).stopWhen(new LossPlateau(20, 1e-6))
                .resumeFrom(checkpoint).run();
        assertEquals(n, resumed.steps());
        assertNotNull(resumed.stoppedEarly());
    }

    @Test
    void aScheduledRunBindsEachStepsProgramsAndResumesExactly(@TempDir Path dir) throws IOException {
        // Step k trains on the data point k mod 6 alone (a "mini-batch" of one), as the schedule binds it.
        ProgramSchedule schedule = (step, rng) -> {
            Tensor point = Tensor.scalar(TrainingModels.DATA.get((step - 1) % 6));
            dev.trellis.runtime.svi.Program model = context -> {
                Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
                context.observe("x", Normal.of(mu, Tensor.scalar(1.0)), point);
            };
            dev.trellis.runtime.svi.Program guide = context -> context.sample("mu",
                    Normal.of(context.param("loc", Tensor.scalar(0.0)), Tensor.scalar(0.5)));
            return new ProgramSchedule.Programs(model, guide);
        };
        ParamStore straightStore = new ParamStore();
        TrainingResult straight = Trainer.scheduled(schedule, Adam.withLearningRate(0.1), new TraceElbo(),
                straightStore).steps(20).rng(Rng.seeded(3)).run();
        Path checkpoint = dir.resolve("scheduled.json");
        Trainer.scheduled(schedule, Adam.withLearningRate(0.1), new TraceElbo(), new ParamStore()).steps(9)
                .rng(Rng.seeded(3)).checkpointEvery(9, checkpoint).run();
        ParamStore resumedStore = new ParamStore();
        TrainingResult resumed = Trainer.scheduled(schedule, Adam.withLearningRate(0.1), new TraceElbo(), resumedStore)
                .resumeFrom(checkpoint).steps(20).run();

        assertArrayEquals(straight.losses(), resumed.losses());
        assertSameStores(straightStore, resumedStore);
    }

    @Test
    void settingsOutOfRangeAreErrorsThatSaySo(@TempDir Path dir) {
        Trainer trainer = Trainer.of(TrainingModels.svi(new ParamStore()));
        assertTrue(assertThrows(IllegalStateException.class, trainer::run).getMessage().contains("number of steps"));
        assertThrows(IllegalArgumentException.class, () -> trainer.steps(-1));
        assertThrows(IllegalArgumentException.class, () -> trainer.checkpointEvery(0, Path.of("x")));
        // the smallest settings are allowed: no step at all, a checkpoint after every step
        assertEquals(0, Trainer.of(TrainingModels.svi(new ParamStore())).steps(0).run().steps());
        assertEquals(2, Trainer.of(TrainingModels.svi(new ParamStore())).steps(2)
                .checkpointEvery(1, dir.resolve("every.json")).run().steps());
        assertThrows(IllegalArgumentException.class, () -> new LossPlateau(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LossPlateau(5, Double.NaN));
        Svi stepped = TrainingModels.svi(new ParamStore());
        stepped.step(Rng.seeded(1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainer.of(stepped)).getMessage()
                .contains("already taken 1 steps"));
    }

    static void assertSameStores(ParamStore expected, ParamStore actual) {
        assertEquals(expected.snapshot().keySet(), actual.snapshot().keySet());
        expected.snapshot().forEach((name, entry) -> assertArrayEquals(entry.unconstrained().toArray(),
                actual.unconstrained(name).toArray(), name));
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
