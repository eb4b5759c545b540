package dev.trellis.samples.weather;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * The rain/sun hidden Markov model of the seed blog post: each day is Rainy or Sunny, and all we
 * see is what a friend did that day (walk, shop or clean).
 *
 * <p>The first day's weather is drawn from {@code pi}, each later day's from the row of the
 * transition matrix for the day before, and each day's activity from the emission row for that
 * day's weather. Trellis generates {@link RainSunInference} from these declarations.
 */
@Model
@Dim(name = "weathers", size = 2)
@Dim(name = "activities", size = 3)
public class RainSun {
    /** Weather states, by index. */
    public static final List<String> WEATHER = List.of("Rainy", "Sunny");
    /** Activities, by index. */
    public static final List<String> ACTIVITIES = List.of("walk", "shop", "clean");

    @Shape("weathers") private final Tensor pi = Tensor.vector(0.6, 0.4);
    @Shape("weathers, weathers") private final Tensor transition = Tensor.matrix(new double[][] {{0.7, 0.3}, {0.4, 0.6}});
    @Shape("weathers, activities") private final Tensor emission = Tensor.matrix(new double[][] {{0.1, 0.4, 0.5}, {0.6, 0.3, 0.1}});

    @Sample
    @Markov(over = "days")
    @Enumerate(domain = "weathers")
    @Shape
    Categorical weather(@Previous Integer yesterday) {
        return yesterday == null ? Categorical.of(pi) : Categorical.of(transition.row(yesterday));
    }

    @Sample
    @Plate("days")
    @Observed
    @Shape
    Categorical activity(int weather) {
        return Categorical.of(emission.row(weather));
    }
}
