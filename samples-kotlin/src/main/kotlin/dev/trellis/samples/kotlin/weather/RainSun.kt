package dev.trellis.samples.kotlin.weather

import dev.trellis.dsl.Dim
import dev.trellis.dsl.Enumerate
import dev.trellis.dsl.Markov
import dev.trellis.dsl.Model
import dev.trellis.dsl.Observed
import dev.trellis.dsl.Plate
import dev.trellis.dsl.Previous
import dev.trellis.dsl.Sample
import dev.trellis.runtime.distributions.Categorical
import dev.trellis.runtime.tensor.Tensor

/**
 * The rain/sun hidden Markov model in Kotlin, the twin of the Java
 * `dev.trellis.samples.weather.RainSun`: each day is Rainy or Sunny, and all we see is what a
 * friend did that day (walk, shop or clean). Trellis generates [RainSunInference] from these
 * declarations, through kapt.
 *
 * `yesterday` is null on the first day, whose weather is drawn from `pi`; the parameter of
 * `activity` is named `weather` because it reads that site.
 */
@Model
@Dim(name = "weathers", size = 2)
@Dim(name = "activities", size = 3)
class RainSun {
    private val pi = Tensor.vector(0.6, 0.4)
    private val transition = Tensor.matrix(arrayOf(
        doubleArrayOf(0.7, 0.3), doubleArrayOf(0.4, 0.6)))
    private val emission = Tensor.matrix(arrayOf(
        doubleArrayOf(0.1, 0.4, 0.5), doubleArrayOf(0.6, 0.3, 0.1)))

    @Sample @Markov(over = "days") @Enumerate(domain = "weathers")
    fun weather(@Previous yesterday: Int?): Categorical =
        if (yesterday == null) Categorical.of(pi)
        else Categorical.of(transition.row(yesterday))

    @Sample @Plate("days") @Observed
    fun activity(weather: Int): Categorical =
        Categorical.of(emission.row(weather))
}
