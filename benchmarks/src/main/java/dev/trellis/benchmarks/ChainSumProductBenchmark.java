package dev.trellis.benchmarks;

import dev.trellis.runtime.inference.BernoulliEmissions;
import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import dev.trellis.runtime.inference.ChainSumProduct;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
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
 * One training step's exact inference for Pyro's hmm.py model 1 on the JSB chorales training split: a K-state
 * chain over 229 ragged sequences (13,807 steps) with Bernoulli emissions over 51 tones.
 *
 * <p>{@link #gradient} is the sum-product forward and backward pass ({@link ChainSumProduct}, one core);
 * {@link #likelihood} the likelihood alone; {@link #emissions} the dense emission product (which materialises Y and
 * 1 - Y on each call), the copy of its result into the chain's per-step rows and the emission adjoint
 * ({@link BernoulliEmissions}): the dense reference that the sparse Bernoulli evidence of the generated programs replaces.
 * Parameters are drawn as in the golden files (sticky transition rows, emission probabilities uniform in
 * [0.05, 0.95]); costs do not depend on their values unless a sequence needs the log-space fallback, which these
 * never do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class ChainSumProductBenchmark {

    @Param({"16"})
    public int numStates;

    private JsbTrainingData data;
    private BernoulliObservations[] observations;
    private double[] logInit;
    private double[][] logTrans;
    private DMatrixRMaj logP1;
    private DMatrixRMaj logP0;
    private double[][][] logEvidence;
    private ChainSumProduct kernel;
    private double[] dLogInit;
    private double[][] dLogTrans;
    private double[][][] dLogEvidence;
    private DMatrixRMaj evidenceBlock;
    private DMatrixRMaj[] marginalBlocks;
    private DMatrixRMaj dLogP1;
    private DMatrixRMaj dLogP0;

    @Setup
    public void setUp() throws IOException {
        data = JsbTrainingData.load();
        System.out.println(data.summary());
        SplittableRandom random = new SplittableRandom(1);
        int k = numStates;
        logInit = logStickyRow(random, k, 0);
        logTrans = new double[k][];
        for (int i = 0; i < k; i++) {
            logTrans[i] = logStickyRow(random, k, i);
        }
        logP1 = new DMatrixRMaj(k, data.numTones);
        logP0 = new DMatrixRMaj(k, data.numTones);
        for (int i = 0; i < logP1.getNumElements(); i++) {
            double p = 0.05 + 0.9 * random.nextDouble();
            logP1.data[i] = Math.log(p);
            logP0.data[i] = Math.log1p(-p);
        }
        int numSequences = data.notes.length;
        observations = new BernoulliObservations[numSequences];
        logEvidence = new double[numSequences][][];
        dLogEvidence = new double[numSequences][][];
        marginalBlocks = new DMatrixRMaj[numSequences];
        for (int s = 0; s < numSequences; s++) {
            int length = data.notes[s].length;
            observations[s] = BernoulliObservations.of(data.notes[s], data.numTones);
            logEvidence[s] = new double[length][k];
            dLogEvidence[s] = new double[length][k];
            marginalBlocks[s] = new DMatrixRMaj(length, k);
        }
        evidenceBlock = new DMatrixRMaj(1, k);
        dLogP1 = new DMatrixRMaj(k, data.numTones);
        dLogP0 = new DMatrixRMaj(k, data.numTones);
        kernel = new ChainSumProduct(k);
        dLogInit = new double[k];
        dLogTrans = new double[k][k];
        emissions();
        gradient();
    }

    @Benchmark
    public double gradient() {
        return kernel.logLikelihoodAndGradient(logInit, logTrans, logEvidence, null, dLogInit, dLogTrans,
                dLogEvidence);
    }

    @Benchmark
    public double likelihood() {
        return kernel.logLikelihood(logInit, logTrans, logEvidence, null);
    }

    @Benchmark
    public double emissions() {
        dLogP1.zero();
        dLogP0.zero();
        for (int s = 0; s < observations.length; s++) {
            BernoulliEmissions.logEvidence(observations[s], logP1, logP0, evidenceBlock);
            copyRows(evidenceBlock, logEvidence[s]);
            // The adjoint's input: the marginals the chain returned, as an EJML block (copied the other way).
            DMatrixRMaj marginals = marginalBlocks[s];
            double[][] rows = dLogEvidence[s];
            for (int t = 0; t < rows.length; t++) {
                System.arraycopy(rows[t], 0, marginals.data, t * numStates, numStates);
            }
            BernoulliEmissions.addAdjoints(observations[s], marginals, dLogP1, dLogP0);
        }
        return dLogP1.data[0] + logEvidence[0][0][0];
    }

    private void copyRows(DMatrixRMaj block, double[][] rows) {
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(block.data, t * numStates, rows[t], 0, numStates);
        }
    }

    /** {@link HmmParameters#stickyRow}, as log-probabilities. */
    private static double[] logStickyRow(SplittableRandom random, int k, int stay) {
        double[] row = HmmParameters.stickyRow(random, k, stay);
        for (int j = 0; j < k; j++) {
            row[j] = Math.log(row[j]);
        }
        return row;
    }
}
