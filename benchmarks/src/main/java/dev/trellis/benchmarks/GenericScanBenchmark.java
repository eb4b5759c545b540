package dev.trellis.benchmarks;

import dev.trellis.runtime.elimination.Elimination;
import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.elimination.FastKernels;
import dev.trellis.runtime.elimination.Layout;
import dev.trellis.runtime.elimination.PlateInstances;
import dev.trellis.runtime.elimination.Query;
import dev.trellis.runtime.elimination.ScanKind;
import dev.trellis.runtime.elimination.ScanSpec;
import dev.trellis.runtime.inference.ChainSumProduct;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The elimination engine's generic scan on a second-order chain: K = 16 states, 8 ragged sequences of 52 to 68 steps
 * (480 in all), random tables and evidence, null starts (a table for step 0 over {@code [x]}, one for step 1 over
 * {@code [x, x@1]}, the steady one over {@code [x, x@1, x@2]}), run as the generator would emit it: one
 * {@link Elimination} per operation, its tables, one scan and the product over the sequences.
 *
 * <p>{@link #likelihood} streams the evidence; {@link #gradient} also runs the backward pass (the adjoints of every
 * table). Each step costs K^3 multiply-adds forward (the message over {@code [x@1, x@2]} times the steady table,
 * summed over {@code x@2}) and 2 K^3 backward. {@link #pairChainGradient} is the way this model ran before the
 * engine: a first-order chain over the K^2 pairs of consecutive states ({@link ChainSumProduct}), K^4 per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class GenericScanBenchmark {

    private static final int[] LENGTHS = {52, 68, 57, 63, 60, 55, 65, 60};

    @Param({"16"})
    public int numStates;

    private Layout layout;
    private PlateInstances instances;
    private ScanSpec spec;
    private int[] x;
    private double[] first;
    private double[] second;
    private double[] steady;
    private double[] rows;
    private ChainSumProduct pairChain;
    private double[] pairInit;
    private double[][] pairTrans;
    private double[][][] pairEvidence;
    private double[] dPairInit;
    private double[][] dPairTrans;
    private double[][][] dPairEvidence;

    @Setup
    public void setUp() {
        int k = numStates;
        Layout.Builder builder = Layout.builder();
        int sequences = builder.plate("sequences", Layout.ROOT);
        int time = builder.plate("time", sequences);
        int variable = builder.variable("x", time);
        x = new int[] {builder.use(variable, 0), builder.use(variable, 1), builder.use(variable, 2)};
        layout = builder.build();
        instances = PlateInstances.builder(layout).top(sequences, LENGTHS.length).nested(time, LENGTHS).build();
        // Slots: 0 message, 1 step-0 table [x], 2 step-1 table [x, x@1], 3 steady table [x, x@1, x@2], 4 evidence.
        spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1]).frontier(x[1], x[2])
                .boundary(0, ScanSpec.op(new int[] {1, 4}, new int[] {}, x[0]))
                .boundary(1, ScanSpec.op(new int[] {0, 2, 4}, new int[] {}, x[0], x[1]))
                .steady(ScanSpec.op(new int[] {0, 3}, new int[] {x[2]}, x[0], x[1]),
                        ScanSpec.op(new int[] {5, 4}, new int[] {}, x[0], x[1]))
                .build();
        SplittableRandom random = new SplittableRandom(1);
        first = logRows(random, 1, k);
        // Rows normalised over the new state, then laid out as the tabulation does: [x, x@1] and [x, x@1, x@2].
        second = transposeLast(logRows(random, k, k), 1, k);
        steady = transposeLast(logRows(random, k * k, k), k, k);
        int total = instances.count(time);
        rows = new double[total * k];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Math.log(0.05 + random.nextDouble());
        }
        setUpPairChain(k, time);
        likelihood();
        gradient();
        pairChainGradient();
    }

    /** Rows of k log-probabilities, {@code count} of them, row-major. */
    private static double[] logRows(SplittableRandom random, int count, int k) {
        double[] out = new double[count * k];
        for (int r = 0; r < count; r++) {
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                out[r * k + j] = 0.1 + random.nextDouble() + (random.nextInt(k) == j ? 2.0 : 0.0);
                sum += out[r * k + j];
            }
            for (int j = 0; j < k; j++) {
                out[r * k + j] = Math.log(out[r * k + j] / sum);
            }
        }
        return out;
    }

    /** Moves the last axis (of size k, the new state) to the front: [parents..., x] to [x, parents...]. */
    private static double[] transposeLast(double[] values, int parents, int k) {
        double[] out = new double[values.length];
        for (int p = 0; p < parents * k; p++) {
            for (int j = 0; j < k; j++) {
                out[j * parents * k + p] = values[p * k + j];
            }
        }
        return out;
    }

    private void setUpPairChain(int k, int time) {
        int pairs = k * k;
        pairChain = new ChainSumProduct(pairs);
        pairInit = new double[pairs];
        Arrays.fill(pairInit, Double.NEGATIVE_INFINITY);
        for (int b = 0; b < k; b++) {
            pairInit[b] = first[b];     // the earlier state of the first pair is the initial value 0
        }
        pairTrans = new double[pairs][pairs];
        for (double[] row : pairTrans) {
            Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                for (int c = 0; c < k; c++) {
                    pairTrans[a * k + b][b * k + c] = steady[(c * k + b) * k + a];
                }
            }
        }
        int[] offsets = instances.offsets(time);
        pairEvidence = new double[LENGTHS.length][][];
        dPairEvidence = new double[LENGTHS.length][][];
        for (int s = 0; s < LENGTHS.length; s++) {
            pairEvidence[s] = new double[LENGTHS[s]][pairs];
            dPairEvidence[s] = new double[LENGTHS[s]][pairs];
            for (int t = 0; t < LENGTHS[s]; t++) {
                for (int p = 0; p < pairs; p++) {
                    pairEvidence[s][t][p] = rows[(offsets[s] + t) * k + p % k];
                }
            }
        }
        dPairInit = new double[pairs];
        dPairTrans = new double[pairs][pairs];
    }

    private Elimination run(Query query, int[] tables) {
        Elimination e = new Elimination(layout, query, instances, FastKernels.INSTANCE, null);
        e.bindDomain(0, numStates);
        tables[0] = e.table("x", first, x[0]);
        tables[1] = e.table("x", second, x[0], x[1]);
        tables[2] = e.table("x", steady, x[0], x[1], x[2]);
        tables[3] = e.evidence(new RowsEvidence(rows, instances.count(1), numStates), 1, x[0]);
        int scan = e.scan(1, spec, tables[0], tables[1], tables[2], tables[3]);
        tables[4] = e.product(0, scan);
        return e;
    }

    @Benchmark
    public double likelihood() {
        int[] tables = new int[5];
        Elimination e = run(Query.LIKELIHOOD, tables);
        return e.result(tables[4]);
    }

    @Benchmark
    public double gradient() {
        int[] tables = new int[5];
        Elimination e = run(Query.GRADIENT, tables);
        double logZ = e.result(tables[4]);
        return logZ + e.adjoint(tables[2])[0] + e.adjoint(tables[3])[0];
    }

    @Benchmark
    public double pairChainGradient() {
        return pairChain.logLikelihoodAndGradient(pairInit, pairTrans, pairEvidence, null, dPairInit, dPairTrans,
                dPairEvidence);
    }

    /** The evidence rows, copied out on request. */
    private static final class RowsEvidence implements Evidence {
        private final double[] rows;
        private final int instances;
        private final int cells;

        RowsEvidence(double[] rows, int instances, int cells) {
            this.rows = rows;
            this.instances = instances;
            this.cells = cells;
        }

        @Override
        public String site() {
            return "y";
        }

        @Override
        public int instances() {
            return instances;
        }

        @Override
        public int cells() {
            return cells;
        }

        @Override
        public void fill(int from, int to, double[] out, int at) {
            System.arraycopy(rows, from * cells, out, at, (to - from) * cells);
        }

        @Override
        public List<Tensor> inputs() {
            return List.of();
        }

        @Override
        public void backward(double[] rowAdjoints, double[][] inputAdjoints) {
        }
    }
}
