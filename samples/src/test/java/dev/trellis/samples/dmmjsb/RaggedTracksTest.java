package dev.trellis.samples.dmmjsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The generated loop of {@link RaggedTracks}, whose step methods run on the sequences that have the step (unsorted
 * lengths, so the rows are gathered by index): its log joint is the sum of each sequence run alone, and a run that
 * draws takes one random draw per active entry, in the order a hand-written loop over the active rows takes them,
 * and carries each finished sequence's last value along.
 */
class RaggedTracksTest {

    private static final int[] LENGTHS = {3, 1, 4, 2};

    private static Tensor smooth(int rows, int columns, double phase) {
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.8 * Math.sin(0.7 * i + phase);
        }
        return Tensor.of(values, rows, columns);
    }

    private static List<Tensor> data() {
        List<Tensor> sequences = new ArrayList<>();
        for (int s = 0; s < LENGTHS.length; s++) {
            sequences.add(smooth(LENGTHS[s], 2, s));
        }
        return sequences;
    }

    @Test
    void a_batch_of_ragged_tracks_scores_as_each_track_alone() {
        List<Tensor> data = data();
        Tensor w = smooth(4, 2, 0.3);
        Map<String, Tensor> batch = new LinkedHashMap<>();
        batch.put("w", w);
        for (int t = 0; t < 4; t++) {
            batch.put("z_" + (t + 1), smooth(4, 2, 1.1 * t));
        }
        ParamStore store = new ParamStore();

        double batched = Conditioned.logJoint(Conditioned.run(new RaggedTracksProgram(new RaggedTracks(), data),
                batch, store));

        double alone = 0;
        for (int s = 0; s < LENGTHS.length; s++) {
            int[] row = {s};
            Map<String, Tensor> one = new LinkedHashMap<>();
            one.put("w", w.index(0, row));
            for (int t = 0; t < LENGTHS[s]; t++) {
                one.put("z_" + (t + 1), batch.get("z_" + (t + 1)).index(0, row));
            }
            alone += Conditioned.logJoint(Conditioned.run(new RaggedTracksProgram(new RaggedTracks(),
                    List.of(data.get(s))), one, store));
        }
        assertEquals(alone, batched, 1e-12 * Math.abs(alone));
    }

    @Test
    void a_drawing_run_takes_one_draw_per_active_entry_and_carries_finished_tracks_along() {
        Drawing run = new Drawing(Rng.seeded(5));
        new RaggedTracksProgram(new RaggedTracks(), data()).run(run);

        Rng rng = Rng.seeded(5);
        Tensor w = Normal.of(Tensor.zeros(2), Tensor.ones(2)).toEvent(1).expand(4).sample(rng);
        assertArrayEquals(w.toArray(), run.values.get("w").toArray());
        Tensor last = null;
        Tensor beforeLast = null;
        for (int t = 0; t < 4; t++) {
            List<Integer> activeList = new ArrayList<>();
            for (int s = 0; s < LENGTHS.length; s++) {
                if (t < LENGTHS[s]) {
                    activeList.add(s);
                }
            }
            int[] active = activeList.stream().mapToInt(Integer::intValue).toArray();
            Tensor mean = (last == null ? Tensor.scalar(1) : last.index(0, active)).mul(0.5)
                    .add(w.index(0, active).mul(0.1));
            if (beforeLast != null) {
                mean = mean.sub(beforeLast.index(0, active).mul(0.3));
            }
            Tensor drawn = Normal.of(mean, Tensor.onesLike(mean)).toEvent(1).sample(rng);
            double[] z = last == null ? new double[8] : last.toArray();
            for (int a = 0; a < active.length; a++) {
                System.arraycopy(drawn.toArray(), 2 * a, z, 2 * active[a], 2);
            }
            Tensor value = Tensor.of(z, 4, 2);
            assertArrayEquals(value.toArray(), run.values.get("z_" + (t + 1)).toArray(), "z_" + (t + 1));
            beforeLast = last;
            last = value;
        }
        assertEquals(rng.nextDouble(), run.rng.nextDouble(), "both streams are at the same place");
    }

    /** Draws every latent site from its distribution with one stream and records the values. */
    private static final class Drawing implements SampleContext {
        private final Rng rng;
        private final Map<String, Tensor> values = new LinkedHashMap<>();

        Drawing(Rng rng) {
            this.rng = rng;
        }

        @Override
        public Plate plate(String name, int size, int dim) {
            return Plate.full(name, size, dim);
        }

        @Override
        public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
            Tensor value = distribution.sample(rng);
            values.put(name, value);
            return value;
        }

        @Override
        public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options,
                Plate... plates) {
            distribution.logProb(value);
            return value;
        }

        @Override
        public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
            return initial.get();
        }
    }
}
