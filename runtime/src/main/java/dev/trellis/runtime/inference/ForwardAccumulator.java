package dev.trellis.runtime.inference;

/**
 * The forward pass of a discrete Markov chain, fed one step at a time, in O(K) memory.
 *
 * <p>Generated {@code logLikelihood} code uses it to stream over a sequence without materialising the T x K
 * evidence table: it fills one preallocated evidence row per step and calls {@link #observe(double[])}. The
 * transition matrix is exponentiated once, in the constructor; each step is one vector-matrix product on
 * preallocated buffers and allocates nothing. The running log-likelihood is a compensated sum of per-step log
 * normalisers, so 10^6 steps neither underflow nor drift. Once a step has zero mass the log-likelihood is
 * {@code -Infinity} and stays so; later steps are still checked but not computed.
 *
 * <p>A step that scaled space cannot carry exactly (a live state more than about e^346 below the leading one,
 * see {@link ScaledForwardKernels}) is redone in log space from the previous filter, and the pass stays in log
 * space until the filter is compact again, then returns to the fast scaled steps. Both modes allocate nothing.
 *
 * <p>{@link ChainKernels#logLikelihood(double[], double[][], double[][])} is this class run over a whole table,
 * so the two agree exactly. Not thread-safe; {@link #reset()} reuses the buffers for the next sequence.
 */
public final class ForwardAccumulator {

    /** Log-filters whose live entries are all above this (~ log 2^-490) can go back to scaled space. */
    private static final double LOG_SPACE_EXIT = -340.0;

    private final double[] logInit;
    private final double[][] logTrans;
    private final ScaledTransitionMatrix trans;
    private final int numStates;
    private double[] alpha;
    private double[] nextAlpha;
    private final double[] predicted;
    private double[] logAlpha;
    private double[] nextLogAlpha;
    private final double[] logPredicted;
    private boolean inLogSpace;
    private final CompensatedSum logLikelihood = new CompensatedSum();
    private int steps;
    private int firstImpossibleStep = -1;

    /**
     * Prepares a forward pass; both tables are copied (the transition table also into probability space).
     *
     * @param logInit the K initial log-probabilities, {@code log p(z_0 = k)}
     * @param logTrans K x K, {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)}
     * @throws IllegalArgumentException naming the array and index if K is 0, the table is not K x K, or an entry
     *     is NaN or {@code +Infinity}
     */
    public ForwardAccumulator(double[] logInit, double[][] logTrans) {
        this.numStates = ChainInputValidator.checkInit(logInit);
        ChainInputValidator.checkTrans(logTrans, numStates);
        this.logInit = logInit.clone();
        this.logTrans = new double[numStates][];
        for (int i = 0; i < numStates; i++) {
            this.logTrans[i] = logTrans[i].clone();
        }
        this.trans = ScaledTransitionMatrix.of(logTrans);
        this.alpha = new double[numStates];
        this.nextAlpha = new double[numStates];
        this.predicted = new double[numStates];
        this.logAlpha = new double[numStates];
        this.nextLogAlpha = new double[numStates];
        this.logPredicted = new double[numStates];
        this.inLogSpace = !trans.keepsPrecision;
    }

    /**
     * Advances the chain by one step with that step's evidence; the first call uses the initial distribution,
     * later calls the transition matrix.
     *
     * @param logEvidence K log-likelihoods of everything observed at this step given each state (may hold
     *     {@code -Infinity}); not modified and not kept
     * @throws IllegalArgumentException naming the step if the length is not K or an entry is NaN or
     *     {@code +Infinity}
     */
    public void observe(double[] logEvidence) {
        ChainInputValidator.checkRow("logEvidence", logEvidence, steps, numStates);
        observeChecked(logEvidence);
    }

    /** {@link #observe(double[])} for a row the caller has already validated. */
    void observeChecked(double[] logEvidence) {
        observeValidated(logEvidence, 0);
    }

    /**
     * {@link #observe(double[])} for a row the caller has already validated, as the elimination engine does when it
     * fills evidence: {@code rows[offset .. offset + K)}, every entry finite or {@code -Infinity}.
     *
     * @param rows holds the row; not modified and not kept
     * @param offset where the row starts
     */
    public void observeValidated(double[] rows, int offset) {
        int step = steps++;
        if (firstImpossibleStep >= 0) {
            return;
        }
        double logNormaliser = inLogSpace ? logSpaceStep(step, rows, offset) : scaledStep(step, rows, offset);
        if (logNormaliser == Double.NEGATIVE_INFINITY) {
            firstImpossibleStep = step;
            return;
        }
        logLikelihood.add(logNormaliser);
        if (inLogSpace && trans.keepsPrecision && isCompact(logAlpha)) {
            leaveLogSpace();
        }
    }

    /**
     * {@return the log-likelihood of the steps observed so far, {@code log p(x_0..x_{n-1})}: 0 before the first
     * step (the empty product), {@code -Infinity} once some step had zero mass; never NaN}
     */
    public double logLikelihood() {
        return firstImpossibleStep >= 0 ? Double.NEGATIVE_INFINITY : logLikelihood.value();
    }

    /** {@return the number of steps observed since construction or the last {@link #reset()}} */
    public int steps() {
        return steps;
    }

    /** {@return the first step at which every state was ruled out, or -1 while the evidence is possible} */
    public int firstImpossibleStep() {
        return firstImpossibleStep;
    }

    /** Whether the pass is currently in log space (for tests of the fallback). */
    boolean isInLogSpace() {
        return inLogSpace;
    }

    /** Forgets every observed step, keeping the tables and buffers, so the next sequence can start. */
    public void reset() {
        steps = 0;
        firstImpossibleStep = -1;
        logLikelihood.reset();
        inLogSpace = !trans.keepsPrecision;
    }

    /** One scaled step; falls back to log space for this step (and after) if it would lose precision. */
    private double scaledStep(int step, double[] logEvidence, int at) {
        double result = step == 0
                ? ScaledForwardKernels.initialStep(logInit, logEvidence, at, nextAlpha, 0)
                : ScaledForwardKernels.step(trans, alpha, 0, logEvidence, at, predicted, 0, nextAlpha, 0);
        if (!ScaledForwardKernels.losesPrecision(result)) {
            double[] swap = alpha;
            alpha = nextAlpha;
            nextAlpha = swap;
            return result;
        }
        // alpha still holds step-1's filter, which satisfied the invariant; carry it into log space exactly.
        for (int j = 0; j < numStates; j++) {
            logAlpha[j] = Math.log(alpha[j]);
        }
        inLogSpace = true;
        return logSpaceStep(step, logEvidence, at);
    }

    private double logSpaceStep(int step, double[] logEvidence, int at) {
        double result = step == 0
                ? LogSpaceChainPasses.initialStep(logInit, logEvidence, at, nextLogAlpha, 0)
                : LogSpaceChainPasses.step(logTrans, logAlpha, 0, logEvidence, at, logPredicted, 0, nextLogAlpha, 0);
        double[] swap = logAlpha;
        logAlpha = nextLogAlpha;
        nextLogAlpha = swap;
        return result;
    }

    /** Whether every live log-filter entry is high enough for scaled space to carry it exactly. */
    private boolean isCompact(double[] logFilter) {
        for (double value : logFilter) {
            if (value > Double.NEGATIVE_INFINITY && value < LOG_SPACE_EXIT) {
                return false;
            }
        }
        return true;
    }

    private void leaveLogSpace() {
        double sum = 0.0;
        for (int j = 0; j < numStates; j++) {
            alpha[j] = Math.exp(logAlpha[j]);
            sum += alpha[j];
        }
        for (int j = 0; j < numStates; j++) {
            alpha[j] /= sum;
        }
        inLogSpace = false;
    }
}
