package dev.trellis.runtime.inference;

import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Bernoulli emissions over a plate of D tones as dense matrix products: the per-step log-evidence of a chain whose
 * state k emits {@code y[t][d] ~ Bernoulli(p[k][d])} independently over tones, and its adjoint.
 *
 * <p>With {@code logP1[k][d] = log p(y = 1 | z = k, d)} and {@code logP0[k][d] = log p(y = 0 | z = k, d)}:
 * <pre>evidence[t][k] = sum_d y[t][d] logP1[k][d] + (1 - y[t][d]) logP0[k][d] = (Y logP1^T + (1 - Y) logP0^T)[t][k]</pre>
 * two EJML products instead of T K D scalar log-densities, and the adjoint of that linear map,
 * {@code dLogP1 = dEvidence^T Y} and {@code dLogP0 = dEvidence^T (1 - Y)}, two more.
 *
 * <p>Zero probabilities follow torch's {@code xlogy}: a term whose data weight is 0 is 0 even when its log is
 * {@code -Infinity} ({@code 0 * log 0 = 0}), so a tone with {@code p = 0} that is observed off costs nothing,
 * and one observed on makes that state impossible ({@code -Infinity}) at that step. A plain product would give
 * {@code 0 * -inf = NaN}, so when a table holds {@code -Infinity} the product uses a copy with those entries set
 * to 0 (one K x D allocation, only then) and the ruled-out (step, state) pairs are set to {@code -Infinity}
 * afterwards; the adjoint needs no such care because its inputs are finite. Outputs are reshaped EJML-style and
 * never NaN.
 *
 * <p>This is the dense reference: the elimination's sparse evidence uses
 * {@link dev.trellis.runtime.elimination.tables.BernoulliEmissionTables}, which computes
 * the same evidence row by row in O(nnz K) for 0/1 data. Each call here
 * materialises Y and 1 - Y (two T x D matrices).
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class BernoulliEmissions {

    private BernoulliEmissions() {
    }

    /**
     * Computes the T x K log-evidence of the observations.
     *
     * @param y the observations, T x D; not modified
     * @param logP1 K x D, {@code log p(y = 1 | z = k, d)}, entries finite or {@code -Infinity}; not modified
     * @param logP0 K x D, {@code log p(y = 0 | z = k, d)}, entries finite or {@code -Infinity}; not modified
     * @param out modified: reshaped to T x K, receives the evidence
     * @throws IllegalArgumentException naming the table and index of a shape mismatch, NaN or {@code +Infinity}
     */
    public static void logEvidence(BernoulliObservations y, DMatrixRMaj logP1, DMatrixRMaj logP0, DMatrixRMaj out) {
        int numStates = logP1.numRows;
        checkTable("logP1", logP1, numStates, y.numTones());
        checkTable("logP0", logP0, numStates, y.numTones());
        boolean ruledOut1 = hasMinusInfinity(logP1);
        boolean ruledOut0 = hasMinusInfinity(logP0);
        DMatrixRMaj ones = y.ones();
        DMatrixRMaj zeros = y.zeros();
        out.reshape(y.numSteps(), numStates);
        CommonOps_DDRM.multTransB(ones, ruledOut1 ? finiteCopy(logP1) : logP1, out);
        CommonOps_DDRM.multAddTransB(zeros, ruledOut0 ? finiteCopy(logP0) : logP0, out);
        if (ruledOut1) {
            ruleOut(ones, logP1, out);
        }
        if (ruledOut0) {
            ruleOut(zeros, logP0, out);
        }
    }

    /**
     * Adds the adjoints of {@code logP1} and {@code logP0} given the adjoint of the evidence: call once per
     * sequence (or block of steps) to sum over sequences.
     *
     * @param y the observations, T x D; not modified
     * @param dEvidence T x K, the adjoint of the evidence (for a chain: the weighted posterior marginals); not
     *     modified
     * @param dLogP1 K x D, modified: {@code dEvidence^T Y} is added
     * @param dLogP0 K x D, modified: {@code dEvidence^T (1 - Y)} is added
     * @throws IllegalArgumentException naming the matrix whose shape does not fit
     */
    public static void addAdjoints(BernoulliObservations y, DMatrixRMaj dEvidence, DMatrixRMaj dLogP1,
                                   DMatrixRMaj dLogP0) {
        int numStates = dLogP1.numRows;
        checkShape("dEvidence", dEvidence, y.numSteps(), numStates);
        checkShape("dLogP1", dLogP1, numStates, y.numTones());
        checkShape("dLogP0", dLogP0, numStates, y.numTones());
        CommonOps_DDRM.multAddTransA(dEvidence, y.ones(), dLogP1);
        CommonOps_DDRM.multAddTransA(dEvidence, y.zeros(), dLogP0);
    }

    /** Sets {@code out[t][k] = -Infinity} wherever {@code weight[t][d] > 0} meets {@code logP[k][d] = -Infinity}. */
    private static void ruleOut(DMatrixRMaj weight, DMatrixRMaj logP, DMatrixRMaj out) {
        boolean[] anyWeight = new boolean[weight.numCols];
        for (int i = 0; i < weight.getNumElements(); i++) {
            anyWeight[i % weight.numCols] |= weight.data[i] > 0.0;
        }
        for (int k = 0; k < logP.numRows; k++) {
            for (int d = 0; d < logP.numCols; d++) {
                if (logP.unsafe_get(k, d) != Double.NEGATIVE_INFINITY || !anyWeight[d]) {
                    continue;
                }
                for (int t = 0; t < weight.numRows; t++) {
                    if (weight.unsafe_get(t, d) > 0.0) {
                        out.unsafe_set(t, k, Double.NEGATIVE_INFINITY);
                    }
                }
            }
        }
    }

    private static boolean hasMinusInfinity(DMatrixRMaj table) {
        for (int i = 0; i < table.getNumElements(); i++) {
            if (table.data[i] == Double.NEGATIVE_INFINITY) {
                return true;
            }
        }
        return false;
    }

    /** A copy with {@code -Infinity} replaced by 0, so that products stay finite; the caller restores the zeros. */
    private static DMatrixRMaj finiteCopy(DMatrixRMaj table) {
        DMatrixRMaj copy = table.copy();
        for (int i = 0; i < copy.getNumElements(); i++) {
            if (copy.data[i] == Double.NEGATIVE_INFINITY) {
                copy.data[i] = 0.0;
            }
        }
        return copy;
    }

    private static void checkTable(String name, DMatrixRMaj table, int numRows, int numColumns) {
        checkShape(name, table, numRows, numColumns);
        for (int k = 0; k < numRows; k++) {
            for (int d = 0; d < numColumns; d++) {
                double value = table.unsafe_get(k, d);
                if (Double.isNaN(value) || value == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException(name + "[" + k + "][" + d + "] = " + value
                            + "; a log-probability must be finite or -Infinity");
                }
            }
        }
    }

    private static void checkShape(String name, DMatrixRMaj matrix, int numRows, int numColumns) {
        if (matrix.numRows != numRows || matrix.numCols != numColumns) {
            throw new IllegalArgumentException(name + " is " + matrix.numRows + " x " + matrix.numCols + " but must be "
                    + numRows + " x " + numColumns);
        }
    }
}
