package dev.trellis.samples.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.runtime.distributions.Beta;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Shape mistakes only a method body makes, caught where the generated code receives the body's distribution: a
 * {@code SiteException} naming the site and both shapes, never an exception from inside a kernel.
 */
class RunTimeShapeMistakesTest {

    /** The emission table built with the full piano's 88 keys while the model declares 51 tones. */
    @Model
    @Dim(name = "states", from = "hidden")
    @Dim(name = "tones", from = "tones")
    static class WrongKeyboard {
        final int hidden = 16;
        final int tones = 51;

        @Sample(name = "probs_y") @Shape(event = "states, tones")
        Distribution probsY() {
            return Beta.of(0.1, 0.9).expand(hidden, 88).toEvent(2);
        }

        @Sample @Markov(over = "time") @Enumerate(domain = "states")
        Categorical x(@Previous Integer previous) {
            return Categorical.of(Tensor.full(1.0 / hidden, hidden));
        }

        @Sample @Plate("time") @Observed
        Categorical y(int x) {
            return Categorical.of(Tensor.vector(0.5, 0.5));
        }
    }

    /** A chain whose table has two states while the model declares three. */
    @Model
    @Dim(name = "weathers", size = 3)
    static class TwoOfThreeStates {
        @Sample @Markov(over = "days") @Enumerate(domain = "weathers")
        Categorical weather(@Previous Integer yesterday) {
            return Categorical.of(Tensor.vector(0.6, 0.4));
        }

        @Sample @Plate("days") @Observed
        Categorical activity(int weather) {
            return Categorical.of(Tensor.vector(0.5, 0.5));
        }
    }

    @Test
    void an_emission_table_of_the_wrong_width_names_the_site_and_both_shapes() {
        // hmm.py issue of the kind of pyro#3183 / hmmlearn#547: a table sized for another alphabet.
        SiteException e = assertThrows(SiteException.class,
                () -> RunTimeShapeMistakesTest_WrongKeyboardShapes.site(new WrongKeyboard(), "probs_y",
                        new WrongKeyboard().probsY()));

        assertEquals("site 'probs_y': returned shape [16, 88]; declared [states = 16, tones = 51]", e.getMessage());
        String report = RunTimeShapeMistakesTest_WrongKeyboardShapes.report(new WrongKeyboard());
        assertEquals(2, report.lines().filter(l -> l.matches("(states|tones) +(16|51) +model\\..*")).count(), report);
    }

    @Test
    void an_enumerated_site_with_fewer_values_than_its_domain_fails_at_the_boundary() {
        // pyro#1647: enumeration over a domain of the wrong size.
        var inference = new RunTimeShapeMistakesTest_TwoOfThreeStatesInference(new TwoOfThreeStates());
        SiteException e = assertThrows(SiteException.class, () -> inference.logLikelihood(new int[] {0, 1, 0}));

        assertEquals("site 'weather': has 2 values; declared domain weathers = 3", e.getMessage());
    }
}
