package dev.trellis.samples.nilm;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.LogNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Energy disaggregation of a household with 3 appliances, a factorial HMM: each appliance an on/off chain with its own
 * switching probabilities and power draw, the meter reading Normal around the base load plus the draws of the
 * appliances that are on (the story and the priors are {@link NilmSites}'s). The 3 chains are summed out exactly;
 * Trellis generates {@link Nilm3Inference} and {@link Nilm3Program} from these declarations.
 */
@Model
@Dim(name = "appliances", size = Nilm3.APPLIANCES)
@Dim(name = "states", size = 2)
public class Nilm3 {
    /** The number of appliances, one on/off chain each. */
    public static final int APPLIANCES = 3;

    @Sample @Shape(event = "appliances, states, states")
    Distribution switching() {
        return NilmSites.switching(APPLIANCES);
    }

    @Sample @Shape(event = "appliances")
    Distribution power() {
        return NilmSites.power(APPLIANCES);
    }

    @Sample @Shape
    LogNormal base() {
        return NilmSites.base();
    }

    @Sample @Shape
    LogNormal noise() {
        return NilmSites.noise();
    }

    @Sample @Markov(over = "time") @Enumerate(domain = "states") @Shape
    Categorical on0(@Previous(initial = NilmSites.OFF) int previous,
                    @Shape("appliances, states, states") Tensor switching) {
        return NilmSites.onOff(switching, 0, previous);
    }

    @Sample @Markov(over = "time") @Enumerate(domain = "states") @Shape
    Categorical on1(@Previous(initial = NilmSites.OFF) int previous,
                    @Shape("appliances, states, states") Tensor switching) {
        return NilmSites.onOff(switching, 1, previous);
    }

    @Sample @Markov(over = "time") @Enumerate(domain = "states") @Shape
    Categorical on2(@Previous(initial = NilmSites.OFF) int previous,
                    @Shape("appliances, states, states") Tensor switching) {
        return NilmSites.onOff(switching, 2, previous);
    }

    @Sample @Plate("time") @Observed @Shape
    Normal reading(int on0, int on1, int on2, @Shape("appliances") Tensor power,
                   @Shape("") Tensor base, @Shape("") Tensor noise) {
        return NilmSites.reading(power, base, noise, on0, on1, on2);
    }
}
