package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The traceback's ties and its determinism. */
class TracebackTest {

    private static final int ROOT = Layout.ROOT;

    /** A chain in ragged sequences and a global regime read in a plate, every table flat. */
    private static ToyModel flatModel() {
        ToyModel m = new ToyModel(60);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 3, 2);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 1);
        m.table("x", time, x[0], x[1]);
        m.evidence("y", time, x[0]);
        m.layout();
        for (ToyModel.Factor f : m.factors) {
            Arrays.fill(f.evidence ? f.rows : f.table, -1.25);
            for (double[] b : f.boundary == null ? new double[0][] : f.boundary) {
                Arrays.fill(b, -0.5);
            }
        }
        return m;
    }

    @Test
    void map_ties_go_to_the_lowest_values() {
        for (ScanKind kind : ScanKind.values()) {
            ToyModel m = flatModel();
            int[] x = {m.use(0, 0), m.use(0, 1)};
            EngineCheck.Plan plan = ChainPlans.chain(1, 0, x, m.factors.get(0), m.factors.get(1), kind);
            for (Kernels kernels : EngineCheck.KERNELS) {
                Elimination e = EngineCheck.start(m, Query.MAP, kernels, null);
                double best = plan.run(e, m);
                assertArrayEquals(new int[5], e.assignment(0), kernels + " " + kind);
                assertEquals(2 * -0.5 + 3 * -1.25 + 5 * -1.25, best, 1e-12);
            }
        }
    }

    @Test
    void the_same_seed_gives_the_same_sample() {
        ToyModel m = new ToyModel(61);
        int sequences = m.plate("sequences", ROOT, 3);
        int time = m.plate("time", sequences, 4, 2, 5);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 4), 2);
        ToyModel.Factor px = m.table("x", time, x);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        EngineCheck.Plan plan = ChainPlans.chain(time, sequences, x, px, y, ScanKind.GENERIC);
        for (Kernels kernels : EngineCheck.KERNELS) {
            int[][] draws = new int[2][];
            for (int d = 0; d < 2; d++) {
                Elimination e = EngineCheck.start(m, Query.SAMPLE, kernels, Rng.seeded(7));
                plan.run(e, m);
                draws[d] = e.assignment(0);
            }
            assertArrayEquals(draws[0], draws[1], kernels.toString());
        }
    }
}
