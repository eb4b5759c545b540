package dev.trellis.runtime.inference;

/**
 * The outputs of one {@link ChainSumProduct#logLikelihoodAndGradient} call on a {@link RandomPlate}, for tests.
 *
 * @param logLikelihood the weighted total
 * @param dLogInit K
 * @param dLogTrans K x K
 * @param dLogEvidence shaped like the plate's evidence
 */
record PlateGradient(double logLikelihood, double[] dLogInit, double[][] dLogTrans, double[][][] dLogEvidence) {

    /** Runs the gradient entry point on fresh (sentinel-filled) buffers. */
    static PlateGradient of(ChainSumProduct kernel, RandomPlate plate) {
        int k = plate.numStates();
        double[] dLogInit = new double[k];
        double[][] dLogTrans = new double[k][k];
        java.util.Arrays.fill(dLogInit, 42.0);
        for (double[] row : dLogTrans) {
            java.util.Arrays.fill(row, 42.0);
        }
        double[][][] dLogEvidence = plate.newEvidenceBuffers();
        double value = kernel.logLikelihoodAndGradient(plate.logInit(), plate.logTrans(), plate.logEvidence(),
                plate.weights(), dLogInit, dLogTrans, dLogEvidence);
        return new PlateGradient(value, dLogInit, dLogTrans, dLogEvidence);
    }

    /** Runs it with a fresh single-threaded kernel. */
    static PlateGradient of(RandomPlate plate) {
        return of(new ChainSumProduct(plate.numStates()), plate);
    }
}
