package dev.trellis.samples.logistic;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * Bayesian logistic regression, as in the seed tutorial: standard-normal priors on the feature weights and the
 * bias, and each label a Bernoulli draw whose logit is linear in that flower's features.
 *
 * <pre>
 * w ~ Normal(0, 1) for each feature (one site, event shape [features]);  b ~ Normal(0, 1)
 * for each flower n:  y_n ~ Bernoulli(logits = x_n . w + b)
 * </pre>
 */
@Model
@Dim(name = "features", from = "featureCount")
@Dim(name = "data", from = "points")
public class LogisticRegression {
    private final Tensor features;

    /**
     * The model of labels given {@code features}.
     *
     * @param features one row per data point, one column per feature: shape [points, features]
     */
    public LogisticRegression(Tensor features) {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("features must be a matrix [points, features], got shape "
                    + Arrays.toString(features.shape()));
        }
        this.features = features;
    }

    /** {@return the number of features, the columns of the matrix} */
    int featureCount() {
        return features.size(1);
    }

    /** {@return the number of data points, the rows of the matrix} */
    int points() {
        return features.size(0);
    }

    @Sample @Shape(event = "features")
    Distribution w() {
        int count = features.size(1);
        return Normal.of(Tensor.zeros(count), Tensor.ones(count)).toEvent(1);
    }

    @Sample @Shape
    Normal b() {
        return Normal.of(0.0, 1.0);
    }

    @Sample @Plate("data") @Observed @Shape
    Bernoulli y(@Shape("features") Tensor w, @Shape("") Tensor b) {
        return Bernoulli.ofLogits(logits(features, w, b));
    }

    /** {@return x w + b for each row x of {@code features}: the log-odds of label 1} */
    public static Tensor logits(Tensor features, Tensor w, Tensor b) {
        return features.matmul(w).add(b);
    }
}
