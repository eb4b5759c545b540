package dev.trellis.runtime.distributions;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * Draws from Gamma(alpha, 1), the building block of the Gamma, Beta, Dirichlet, Chi-square and StudentT samplers, as
 * torch's {@code _standard_gamma}: the acceptance-rejection method of Marsaglia and Tsang (2000) for alpha &gt;= 1,
 * and for alpha &lt; 1 a draw of Gamma(alpha + 1, 1) times {@code U^(1/alpha)} (the "boost", which keeps the
 * acceptance rate high where the density is unbounded at 0).
 *
 * <p>As a tensor operation ({@link #rsample(Tensor, Rng)}) the draw is differentiable in alpha by implicit
 * reparameterisation: holding the draw's quantile fixed, {@code dx/dalpha} is {@link ImplicitGammaGradient#dxda}.
 */
final class StandardGamma {

    /**
     * torch clamps gamma draws to the smallest normal double ({@code finfo.tiny}): for alpha well below 1 the boost
     * {@code U^(1/alpha)} underflows to 0, where a log-density would be infinite and a Dirichlet could divide 0 by 0.
     */
    static final double TINY = Double.MIN_NORMAL;

    private StandardGamma() {
    }

    /**
     * Draws one value of Gamma(alpha, 1).
     *
     * @param alpha the concentration, positive and finite
     * @param rng the stream; uses one uniform for the boost (alpha &lt; 1), then per trial one or more normals (a
     *     normal is redrawn while {@code 1 + c z <= 0}) and one uniform
     * @return the draw, at least {@link #TINY}
     */
    static double draw(double alpha, Rng rng) {
        double boost = 1;
        double shape = alpha;
        if (alpha < 1) {
            // 1 - U lies in (0, 1], so the boost is never log(0)-like before the clamp below
            boost = Math.pow(1 - rng.nextDouble(), 1 / alpha);
            shape = alpha + 1;
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z;
            double y;
            do {
                z = rng.nextGaussian();
                y = 1 + c * z;
            } while (y <= 0);
            double v = y * y * y;
            double u = 1 - rng.nextDouble();
            double zz = z * z;
            // The squeeze 1 - 0.0331 z^4 accepts about 98% of trials without a logarithm.
            if (u < 1 - 0.0331 * zz * zz || Math.log(u) < 0.5 * zz + d * (1 - v + Math.log(v))) {
                return Math.max(boost * d * v, TINY);
            }
        }
    }

    /**
     * Draws Gamma(alpha, 1) for every element of {@code alpha} in row-major order.
     *
     * @return a tensor of alpha's shape, with a backward pass to alpha by implicit reparameterisation when alpha
     *     requires grad (a constant otherwise)
     */
    static Tensor rsample(Tensor alpha, Rng rng) {
        double[] alphas = alpha.toArray();
        double[] draws = new double[alphas.length];
        for (int i = 0; i < alphas.length; i++) {
            draws[i] = draw(alphas[i], rng);
        }
        Tensor value = Tensor.of(draws, alpha.shape());
        if (!alpha.requiresGrad()) {
            return value;
        }
        return Tensor.withBackward(value, "standardGamma", List.of(alpha), (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            if (adjoint == null) {
                return;
            }
            for (int i = 0; i < g.length; i++) {
                if (g[i] != 0) {
                    adjoint[i] += g[i] * ImplicitGammaGradient.dxda(alphas[i], draws[i]);
                }
            }
        });
    }
}
