package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.EnumerableDistribution;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * A finite distribution with arbitrary log-probabilities, NaN and {@code +Infinity} included: what a buggy user
 * distribution could return, which no distribution of the library does. Not final: a test makes one whose
 * {@code logProb} throws.
 */
class FixedLogProbs implements EnumerableDistribution {

    private final double[] logProbs;

    FixedLogProbs(double... logProbs) {
        this.logProbs = logProbs.clone();
    }

    @Override
    public int supportSize() {
        return logProbs.length;
    }

    @Override
    public double logProb(int value) {
        return logProbs[value];
    }

    @Override
    public void logProbsInto(double[] out) {
        System.arraycopy(logProbs, 0, out, 0, logProbs.length);
    }

    @Override
    public int sampleValue(Rng rng) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int[] batchShape() {
        return new int[0];
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public Constraint support() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Tensor logProb(Tensor value) {
        double[] values = value.toArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = logProbs[(int) values[i]];
        }
        return Tensor.of(out, value.shape());
    }

    @Override
    public Tensor sample(Rng rng) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Tensor mean() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Tensor variance() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Tensor entropy() {
        throw new UnsupportedOperationException();
    }
}
