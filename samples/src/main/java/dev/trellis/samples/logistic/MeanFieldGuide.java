package dev.trellis.samples.logistic;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * A mean-field normal guide for {@link LogisticRegression}, written by hand: an independent normal for each weight and
 * for the bias, starting at the prior's mean with a small scale (0.1, so that the first steps' noise does not swamp
 * the gradient, as Pyro's autoguides start with {@code init_scale = 0.1}).
 */
@Guide(LogisticRegression.class)
@Dim(name = "features", from = "featureCount")
public class MeanFieldGuide {
    /** The initial scale of every factor. */
    public static final double INITIAL_SCALE = 0.1;

    final int featureCount;

    /** A guide for a model with {@code featureCount} features. */
    public MeanFieldGuide(int featureCount) {
        this.featureCount = featureCount;
    }

    @Param(name = "w_loc") @Shape("features")
    Tensor wLoc() {
        return Tensor.zeros(featureCount);
    }

    @Param(name = "w_scale", constraint = "positive") @Shape("features")
    Tensor wScale() {
        return Tensor.full(INITIAL_SCALE, featureCount);
    }

    @Param(name = "b_loc") @Shape("")
    Tensor bLoc() {
        return Tensor.scalar(0.0);
    }

    @Param(name = "b_scale", constraint = "positive") @Shape("")
    Tensor bScale() {
        return Tensor.scalar(INITIAL_SCALE);
    }

    @Sample @Shape(event = "features")
    Distribution w(@Site("w_loc") @Shape("features") Tensor loc, @Site("w_scale") @Shape("features") Tensor scale) {
        return Normal.of(loc, scale).toEvent(1);
    }

    @Sample @Shape
    Normal b(@Site("b_loc") @Shape("") Tensor loc, @Site("b_scale") @Shape("") Tensor scale) {
        return Normal.of(loc, scale);
    }
}
