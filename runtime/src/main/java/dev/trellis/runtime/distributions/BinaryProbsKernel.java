package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.ElementaryFunctions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * {@code successes * log p + failures * log(1 - p)} from probabilities as one tape operation, a zero count contributing
 * exactly 0 and no gradient (so {@code p = 0} or {@code 1} against a zero count is neither NaN nor infinite). The
 * value is the composition's in {@link BinaryProbability} to the bit ({@code log p}, {@code log1p(-p)}, the products
 * and their sum in the same order); the gradient with respect to p is {@code successes / p - failures / (1 - p)},
 * each term computed as the composition's chain rule computes it. One node and three arrays where the composition
 * makes about twelve tensors and tape nodes ({@code eq}, {@code where}, {@code log}, {@code neg}, {@code log1p},
 * {@code mul}, {@code add}); a network's note probabilities scored at every time step (dmm.py's emitter) are this
 * case.
 */
final class BinaryProbsKernel {

    private BinaryProbsKernel() {
    }

    /**
     * @param successes constant counts
     * @param failures constant counts, the shape of {@code successes}
     * @param probs probabilities in [0, 1], any shape that broadcasts with the counts
     * @return the log-likelihood, the broadcast shape, differentiable in the probabilities
     */
    static Tensor logLikelihood(Tensor successes, Tensor failures, Tensor probs) {
        int[] shape = Tensor.broadcastShapes(successes.shape(), failures.shape(), probs.shape());
        Tensor broadcastProbs = Arrays.equals(probs.shape(), shape) ? probs : probs.expand(shape);
        double[] s = (Arrays.equals(successes.shape(), shape) ? successes : successes.expand(shape)).valuesWithoutCopy();
        double[] f = (Arrays.equals(failures.shape(), shape) ? failures : failures.expand(shape)).valuesWithoutCopy();
        double[] p = broadcastProbs.valuesWithoutCopy();
        double[] values = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double fromSuccesses = s[i] == 0 ? 0 : s[i] * Math.log(p[i]);
            double fromFailures = f[i] == 0 ? 0 : f[i] * ElementaryFunctions.log1p(-p[i]);
            values[i] = fromSuccesses + fromFailures;
        }
        Tensor value = Tensor.ofWithoutCopy(values, shape);
        if (!broadcastProbs.requiresGrad()) {
            return value;
        }
        return Tensor.withBackward(value, "bernoulliProbs", List.of(broadcastProbs), (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            for (int i = 0; i < p.length; i++) {
                if (s[i] != 0) {
                    adjoint[i] += (g[i] * s[i]) * (1 / p[i]);
                }
                if (f[i] != 0) {
                    adjoint[i] += -((g[i] * f[i]) * (1 / (1 + -p[i])));
                }
            }
        });
    }
}
