package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Scans with several lanes (one per assignment of two outer variables) whose per-step evidence also reads the outer
 * variables, so each lane reads its own slice of every step's row, in ragged sequences (one of them empty) after the
 * first; and the same with a lane ruled out part-way through a later sequence while the other lanes go on. Every
 * query, both kernel sets, against brute-force enumeration.
 */
class ScanLanesTest {

    private static final int ROOT = Layout.ROOT;

    private static int[] slots(int... slots) {
        return slots;
    }

    /** Plates [songs, voices, time]: a key per song and a style per voice, both read by the chain and its readings. */
    private record Voices(ToyModel m, int songs, int voices, int time, int style, int key, int[] x,
                          ToyModel.Factor pk, ToyModel.Factor ps, ToyModel.Factor px, ToyModel.Factor y) {

        static Voices of(long seed) {
            ToyModel m = new ToyModel(seed);
            int songs = m.plate("songs", ROOT, 2);
            int voices = m.plate("voices", songs, 2, 2);
            int time = m.plate("time", voices, 2, 0, 3, 1);
            int key = m.use(m.variable("key", songs, 3), 0);
            int style = m.use(m.variable("style", voices, 2), 0);
            int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
            ToyModel.Factor pk = m.table("key", songs, key);
            ToyModel.Factor ps = m.table("style", voices, style, key);
            ToyModel.Factor px = m.table("x", time, x[0], x[1], style, key);
            ToyModel.Factor y = m.evidence("y", time, x[0], style);
            return new Voices(m, songs, voices, time, style, key, x, pk, ps, px, y);
        }

        /** Slots: 0 message, 1 first-step table, 2 transition, 3 readings [x, style]. */
        EngineCheck.Plan plan() {
            ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1]).outer(style, key)
                    .boundary(0, ScanSpec.op(slots(1, 3), slots(), x[0], style, key))
                    .steady(ScanSpec.op(slots(0, 2), slots(x[1]), x[0], style, key),
                            ScanSpec.op(slots(4, 3), slots(), x[0], style, key))
                    .build();
            return (e, model) -> {
                int chain = e.scan(time, spec, model.registerBoundary(e, px, 0), model.register(e, px),
                        model.register(e, y));
                int perVoice = e.contract(voices, slots(model.register(e, ps), chain), slots(style), key);
                int perSong = e.contract(songs, slots(model.register(e, pk), e.product(voices, perVoice)),
                        slots(key));
                return e.result(e.product(songs, perSong));
            };
        }
    }

    @Test
    void lanes_reading_their_own_slice_of_every_step_give_the_brute_force_answers() {
        Voices v = Voices.of(61);
        EngineCheck.all(v.m(), v.plan(), 3000);
    }

    @Test
    void a_lane_ruled_out_inside_a_later_sequence_gives_the_brute_force_answers() {
        Voices v = Voices.of(62);
        ToyModel m = v.m();
        m.layout();
        // the third sequence (voice 0 of song 1) starts at instance 2 and has three steps: its second step's
        // readings rule out style 1, so the lanes of style 1 die there and the lanes of style 0 go on
        int instance = m.offsets(v.time())[2] + 1;
        ToyModel.Factor y = v.y();
        for (int x = 0; x < 2; x++) {
            y.rows[instance * y.cells + ToyModel.encode(new int[] {x, 1}, y.sizes)] = Double.NEGATIVE_INFINITY;
        }
        EngineCheck.all(m, v.plan(), 3000);
    }

    /**
     * Sequences of six and five steps whose steady program multiplies the transitions by the readings [x, style]
     * before the message: the transitions' backward pulls, gathered four steps at a time, pair them with each lane's
     * strided slice of the readings (style's column), over more than one gathering.
     */
    @Test
    void transitions_times_each_lanes_readings_first_give_the_brute_force_answers_over_long_sequences() {
        ToyModel m = new ToyModel(64);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 6, 5);
        int style = m.use(m.variable("style", sequences, 2), 0);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        ToyModel.Factor ps = m.table("style", sequences, style);
        ToyModel.Factor px = m.table("x", time, x[0], x[1], style);
        ToyModel.Factor y = m.evidence("y", time, x[0], style);
        // slots: 0 message, 1 first-step table, 2 transition, 3 readings [x, style]
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1]).outer(style)
                .boundary(0, ScanSpec.op(slots(1, 3), slots(), x[0], style))
                .steady(ScanSpec.op(slots(2, 3), slots(), x[0], x[1], style),
                        ScanSpec.op(slots(0, 4), slots(x[1]), x[0], style))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int chain = e.scan(time, spec, model.registerBoundary(e, px, 0), model.register(e, px),
                    model.register(e, y));
            int perSequence = e.contract(sequences, slots(model.register(e, ps), chain), slots(style));
            return e.result(e.product(sequences, perSequence));
        }, 2000);
    }

    @Test
    void a_sequence_ruled_out_in_every_lane_makes_the_evidence_impossible_and_is_named() {
        Voices v = Voices.of(63);
        ToyModel m = v.m();
        m.layout();
        // the first sequence's second step (instance 1): readings that rule out every x under every style
        ToyModel.Factor y = v.y();
        Arrays.fill(y.rows, y.cells, 2 * y.cells, Double.NEGATIVE_INFINITY);
        for (Kernels kernels : EngineCheck.KERNELS) {
            String who = kernels.getClass().getSimpleName();
            assertEquals(Double.NEGATIVE_INFINITY, v.plan().run(EngineCheck.start(m, Query.LIKELIHOOD, kernels, null),
                    m), who);
            Elimination marginals = EngineCheck.start(m, Query.MARGINALS, kernels, null);
            assertEquals(Double.NEGATIVE_INFINITY, v.plan().run(marginals, m), who);
            ImpossibleEvidenceException e = assertThrows(ImpossibleEvidenceException.class,
                    () -> marginals.marginal(0), who);
            assertTrue(e.getMessage().contains("first ruled out at songs[0].voices[0].time[1]"),
                    who + ": " + e.getMessage());
        }
    }
}
