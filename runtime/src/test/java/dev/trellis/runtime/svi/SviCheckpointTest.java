package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.optim.ClippedAdam;
import dev.trellis.runtime.optim.Optimizer;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training stopped after any step and resumed from its checkpoint finishes with the bits of an uninterrupted run:
 * a model with a subsampled plate (the minibatches come from the random stream) and a Normal guide (its draws too),
 * trained by ClippedAdam (moments, step counts and a decaying learning rate to carry over).
 */
class SviCheckpointTest {
    private static final double[] DATA = {0.3, -1.2, 2.0, 0.7, 1.1, -0.4, 0.9, 2.2};

    private static final Program MODEL = context -> {
        Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
        Plate data = context.plate("data", DATA.length, -1);
        double[] batch = new double[data.subsampleSize()];
        int[] members = data.indices();
        for (int i = 0; i < batch.length; i++) {
            batch[i] = DATA[members[i]];
        }
        context.observe("x", Normal.of(mu, Tensor.scalar(1.0)).expand(batch.length), Tensor.vector(batch), data);
    };

    private static final Program GUIDE = context -> {
        Tensor loc = context.param("loc", Tensor.scalar(0.0));
        Tensor scale = context.param("scale", Tensor.scalar(1.0), new Constraint.Positive());
        context.sample("mu", Normal.of(loc, scale));
    };

    private static final Supplier<Optimizer> OPTIMIZER = () -> new ClippedAdam(0.05, 0.9, 0.999, 1e-8, 0.0, 10.0, 0.99);

    private static Svi training(ParamStore store) {
        return new Svi(MODEL, GUIDE, OPTIMIZER.get(), new TraceElbo().withSubsample("data", 3), store);
    }

    @Test
    void a_run_resumed_from_its_last_checkpoint_ends_with_the_bits_of_an_uninterrupted_run(@TempDir Path dir)
            throws IOException {
        int steps = 12;
        ParamStore store = new ParamStore();
        Svi whole = training(store);
        Rng rng = Rng.seeded(7);
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            losses[step] = whole.step(rng);
        }

        Path file = dir.resolve("run.checkpoint.json");
        ParamStore first = new ParamStore();
        Svi interrupted = training(first);
        Rng stream = Rng.seeded(7);
        double[] resumedLosses = new double[steps];
        for (int step = 0; step < 5; step++) {
            resumedLosses[step] = interrupted.step(stream);
            SviCheckpoint.of(interrupted, stream).save(file);
        }
        interrupted.step(stream);   // a step whose checkpoint never got written: the process dies here

        SviCheckpoint saved = SviCheckpoint.load(file);
        assertEquals(5, saved.steps());
        ParamStore second = new ParamStore();
        Svi resumed = training(second);
        Rng resumedStream = saved.restore(resumed);
        assertEquals(5, resumed.stepsTaken());
        for (int step = 5; step < steps; step++) {
            resumedLosses[step] = resumed.step(resumedStream);
        }
        assertArrayEquals(losses, resumedLosses);
        for (String name : store.names()) {
            assertArrayEquals(store.unconstrained(name).toArray(), second.unconstrained(name).toArray(), name);
        }
        assertEquals(rng.position(), resumedStream.position());
    }

    @Test
    void a_file_that_is_not_a_checkpoint_is_refused_by_name(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("params.json");
        Files.writeString(file, "{\"format\": \"trellis-params\", \"version\": 1, \"params\": {}}");
        IOException e = assertThrows(IOException.class, () -> SviCheckpoint.load(file));
        assertEquals(file + " is not a Trellis checkpoint (format trellis-checkpoint, version 1)", e.getMessage());
    }
}
