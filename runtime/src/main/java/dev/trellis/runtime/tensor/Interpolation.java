package dev.trellis.runtime.tensor;

import java.util.Arrays;

/**
 * {@code (1 - w) a + w b} as one tape operation for three tensors of one shape: a gate mixing two proposals, as a
 * deep Markov model's gated transition does at every time step ({@code (1 - gate) * lin(z) + gate * proposed}).
 *
 * <p>The forward pass does the composition's arithmetic in its order ({@code 1 - w}, times {@code a}, {@code w}
 * times {@code b}, the sum), so the values are those of {@code onesLike(w).sub(w).mul(a).add(w.mul(b))} to the bit.
 * The backward pass recomputes the two products rather than keeping them, and adds the partials the composition's
 * four nodes would: a NaN operand of a product makes its partials NaN, and a NaN product (an infinite operand times
 * 0) makes every partial of the sum NaN. The weight's two terms are added together before they reach its adjoint, so
 * when nothing else reads the weight its gradient equals the composition's to the bit as well. Shapes that differ
 * take the composition itself, broadcasting as it does.
 */
final class Interpolation {

    private Interpolation() {
    }

    static Tensor mix(Tensor a, Tensor b, Tensor weight) {
        if (!Arrays.equals(a.dims(), b.dims()) || !Arrays.equals(a.dims(), weight.dims())) {
            return Tensor.onesLike(weight).sub(weight).mul(a).add(weight.mul(b));
        }
        double[] x = a.values();
        double[] y = b.values();
        double[] w = weight.values();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (1 - w[i]) * x[i] + w[i] * y[i];
        }
        return Tensor.result(out, a.dims(), "mix", new Tensor[] {a, b, weight}, (g, adjoints) -> {
            double[] adjointA = adjoints[0];
            double[] adjointB = adjoints[1];
            double[] adjointWeight = adjoints[2];
            for (int i = 0; i < g.length; i++) {
                double wi = w[i];
                double complement = 1 - wi;
                double fromA = complement * x[i];
                double fromB = wi * y[i];
                double gSum = g[i] * (fromA != fromA || fromB != fromB ? Double.NaN : 1);
                boolean nanA = complement != complement || x[i] != x[i];
                boolean nanB = wi != wi || y[i] != y[i];
                if (adjointA != null) {
                    adjointA[i] += gSum * (nanA ? Double.NaN : complement);
                }
                if (adjointB != null) {
                    adjointB[i] += gSum * (nanB ? Double.NaN : wi);
                }
                if (adjointWeight != null) {
                    double viaComplement = (gSum * (nanA ? Double.NaN : x[i])) * (wi != wi ? Double.NaN : -1);
                    adjointWeight[i] += gSum * (nanB ? Double.NaN : y[i]) + viaComplement;
                }
            }
        });
    }
}
