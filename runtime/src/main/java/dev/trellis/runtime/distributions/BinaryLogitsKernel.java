package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.ElementaryFunctions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * {@code successes * log p + failures * log(1 - p)} from logits as one tape operation: {@code log p = -softplus(-l)},
 * {@code log(1 - p) = -softplus(l)}, a zero count contributing exactly 0 (and no gradient), the gradient with respect to
 * the logits {@code successes * sigmoid(-l) - failures * sigmoid(l)}. The same formulas, so the same numbers to the
 * last bit or two, as composing {@code neg}, {@code softplus}, {@code mul} and {@code where}, which
 * {@link BinaryProbability} does when the counts need a gradient; fused, one {@code exp} and one {@code log1p}
 * ({@link ElementaryFunctions#log1p}, as {@code softplus}) per entry serve the value and the gradient, where the
 * composition makes about ten tensors and tape nodes. Bernoulli observations scored by the elimination (hmm.py's
 * nnHMM, a network's logits for every tone of every step) are this case.
 */
final class BinaryLogitsKernel {

    private BinaryLogitsKernel() {
    }

    /**
     * @param successes constant counts
     * @param failures constant counts, the shape of {@code successes}
     * @param logits any shape that broadcasts with the counts
     * @return the log-likelihood, the broadcast shape, differentiable in the logits
     */
    static Tensor logLikelihood(Tensor successes, Tensor failures, Tensor logits) {
        int[] shape = Tensor.broadcastShapes(successes.shape(), failures.shape(), logits.shape());
        Tensor l = Arrays.equals(logits.shape(), shape) ? logits : logits.expand(shape);
        // read in place (never written), here and in the backward pass
        double[] s = (Arrays.equals(successes.shape(), shape) ? successes : successes.expand(shape))
                .valuesWithoutCopy();
        double[] f = (Arrays.equals(failures.shape(), shape) ? failures : failures.expand(shape))
                .valuesWithoutCopy();
        double[] x = l.valuesWithoutCopy();
        double[] exps = new double[x.length];   // exp(-|x|), kept for the backward pass
        double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(-Math.abs(x[i]));
            double log1p = ElementaryFunctions.log1p(e);   // Math.log1p is a JNI call into fdlibm on JDK 17
            exps[i] = e;
            double logP = Math.min(x[i], 0) - log1p;
            double log1mP = -(Math.max(x[i], 0) + log1p);
            values[i] = (s[i] == 0 ? 0 : s[i] * logP) + (f[i] == 0 ? 0 : f[i] * log1mP);
        }
        Tensor value = Tensor.ofWithoutCopy(values, shape);
        if (!l.requiresGrad()) {
            return value;
        }
        return Tensor.withBackward(value, "bernoulliLogits", List.of(l), (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            for (int i = 0; i < x.length; i++) {
                double e = exps[i];
                double sigmoidX = x[i] >= 0 ? 1 / (1 + e) : e / (1 + e);
                double sigmoidMinusX = x[i] <= 0 ? 1 / (1 + e) : e / (1 + e);
                double d = (s[i] == 0 ? 0 : s[i] * sigmoidMinusX) - (f[i] == 0 ? 0 : f[i] * sigmoidX);
                adjoint[i] += g[i] * d;
            }
        });
    }
}
