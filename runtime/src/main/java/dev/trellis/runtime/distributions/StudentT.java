package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Student's t distribution with {@code df} degrees of freedom, location {@code loc} and scale {@code scale}, as
 * {@code torch.distributions.StudentT(df, loc, scale)}, on the real line. Its mean is {@code loc} for df &gt; 1 and
 * NaN otherwise; its variance {@code scale^2 df / (df - 2)} for df &gt; 2, {@code +Infinity} for 1 &lt; df &lt;= 2 and
 * NaN for df &lt;= 1, as torch.
 *
 * <p>{@link #rsample(Rng)} is torch's construction {@code loc + scale Z / sqrt(V / df)} with Z standard normal and V
 * chi-square with df degrees of freedom ({@code 2 Gamma(df/2, 1)}), so gradients reach df through the gamma's
 * implicit reparameterisation. The normals of the whole batch are drawn first, then the gammas.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class StudentT implements Distribution {

    private static final String NAME = "StudentT";
    private static final double HALF_LOG_PI = 0.5 * Math.log(Math.PI);
    /** {@code lgamma(1/2) = log sqrt(pi)}. */
    private static final double LGAMMA_HALF = HALF_LOG_PI;

    private final Tensor df;
    private final Tensor loc;
    private final Tensor scale;
    private final int[] batchShape;

    private StudentT(Tensor df, Tensor loc, Tensor scale, int[] batchShape) {
        this.df = df;
        this.loc = loc;
        this.scale = scale;
        this.batchShape = batchShape;
    }

    /**
     * Creates a Student's t distribution; the parameters broadcast to the batch shape.
     *
     * @param df degrees of freedom, positive (need not be an integer)
     * @param loc the location, any real number
     * @param scale the scale, positive
     * @return the distribution
     * @throws IllegalArgumentException naming the parameter, index and value if one breaks its constraint, or if the
     *     shapes do not broadcast
     */
    public static StudentT of(Tensor df, Tensor loc, Tensor scale) {
        DistributionChecks.requireParameter(NAME, "df", df, new Constraint.Positive());
        DistributionChecks.requireParameter(NAME, "loc", loc, new Constraint.Real());
        DistributionChecks.requireParameter(NAME, "scale", scale, new Constraint.Positive());
        int[] batch = DistributionChecks.batchShapeOf(NAME, 0, df, loc, scale);
        return new StudentT(df.expand(batch), loc.expand(batch), scale.expand(batch), batch);
    }

    /**
     * Creates a scalar Student's t distribution, as {@link #of(Tensor, Tensor, Tensor)}.
     *
     * @param df degrees of freedom, positive
     * @param loc the location
     * @param scale the scale, positive
     * @return the distribution
     */
    public static StudentT of(double df, double loc, double scale) {
        return of(Tensor.scalar(df), Tensor.scalar(loc), Tensor.scalar(scale));
    }

    /** {@return the degrees of freedom, broadcast to the batch shape} */
    public Tensor df() {
        return df;
    }

    /** {@return the location, broadcast to the batch shape} */
    public Tensor loc() {
        return loc;
    }

    /** {@return the scale, broadcast to the batch shape} */
    public Tensor scale() {
        return scale;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public Constraint support() {
        return new Constraint.Real();
    }

    /**
     * Returns {@code -(df+1)/2 log1p(y^2 / df) - Z} with {@code y = (x - loc) / scale} and the log normaliser
     * {@code Z = log scale + log(df)/2 + log(pi)/2 + lgamma(df/2) - lgamma((df+1)/2)}, torch's formula. For huge df
     * the two lgamma terms nearly cancel, as in torch (about 2e-10 absolute at df = 1e6).
     */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        Tensor y = value.sub(loc).div(scale);
        Tensor logNormaliser = scale.log().add(df.log().mul(0.5)).add(HALF_LOG_PI)
                .add(df.mul(0.5).lgamma()).sub(df.add(1).mul(0.5).lgamma());
        return df.add(1).mul(-0.5).mul(y.square().div(df).log1p()).sub(logNormaliser);
    }

    @Override
    public Tensor sample(Rng rng) {
        return draw(df.detach(), loc.detach(), scale.detach(), rng);
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(Rng rng) {
        return draw(df, loc, scale, rng);
    }

    /** {@return loc where df &gt; 1, NaN elsewhere} */
    @Override
    public Tensor mean() {
        return Tensor.where(df.gt(1), loc, Tensor.scalar(Double.NaN));
    }

    /** {@return {@code scale^2 df / (df - 2)} where df &gt; 2, Infinity where 1 &lt; df &lt;= 2, NaN elsewhere} */
    @Override
    public Tensor variance() {
        Tensor finite = df.gt(2);
        // The branch not taken still gets a zero adjoint; a safe df keeps 0 * (1 / 0) from turning it into NaN.
        Tensor safeDf = Tensor.where(finite, df, Tensor.scalar(3));
        Tensor variance = scale.square().mul(safeDf).div(safeDf.sub(2));
        Tensor heavy = Tensor.where(df.gt(1), Tensor.scalar(Double.POSITIVE_INFINITY), Tensor.scalar(Double.NaN));
        return Tensor.where(finite, variance, heavy);
    }

    /**
     * {@return {@code log scale + (df+1)/2 (digamma((df+1)/2) - digamma(df/2)) + log(df)/2 + lbeta(df/2, 1/2)}, as
     * torch}
     */
    @Override
    public Tensor entropy() {
        Tensor halfDf = df.mul(0.5);
        Tensor halfDfPlusHalf = df.add(1).mul(0.5);
        Tensor logBeta = halfDf.lgamma().add(LGAMMA_HALF).sub(halfDfPlusHalf.lgamma());
        return scale.log().add(halfDfPlusHalf.mul(halfDfPlusHalf.digamma().sub(halfDf.digamma())))
                .add(df.log().mul(0.5)).add(logBeta);
    }

    /** Returns e.g. {@code StudentT(df=3.5, loc=0.0, scale=1.0)}. */
    @Override
    public String toString() {
        return ParameterText.describe(NAME, "df", df, "loc", loc, "scale", scale);
    }

    private static Tensor draw(Tensor df, Tensor loc, Tensor scale, Rng rng) {
        double[] normals = new double[df.numElements()];
        for (int i = 0; i < normals.length; i++) {
            normals[i] = rng.nextGaussian();
        }
        Tensor z = Tensor.of(normals, df.shape());
        Tensor chiSquare = StandardGamma.rsample(df.mul(0.5), rng).mul(2);
        return loc.add(scale.mul(z.div(chiSquare.div(df).sqrt())));
    }
}
