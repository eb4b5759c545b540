package dev.trellis.samples.nilm;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.LogNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Energy disaggregation of a household with 4 appliances, a factorial HMM: each appliance an on/off chain with its own
 * switching probabilities and power draw, the meter reading Normal around the base load plus the draws of the
 * appliances that are on (the story and the priors are {@link NilmSites}'s). The 4 chains are summed out exactly;
 * Trellis generates {@link Nilm4Inference} and {@link Nilm4Program} from these declarations.
 */
@Model
public class Nilm4 {
    /** The number of appliances, one on/off chain each. */
    public static final int APPLIANCES = 4;

    @Sample
    Distribution switching() {
        return NilmSites.switching(APPLIANCES);
    }

    @Sample
    Distribution power() {
        return NilmSites.power(APPLIANCES);
    }

    @Sample
    LogNormal base() {
        return NilmSites.base();
    }

    @Sample
    LogNormal noise() {
        return NilmSites.noise();
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical on0(@Previous(initial = NilmSites.OFF) int previous, Tensor switching) {
        return NilmSites.onOff(switching, 0, previous);
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical on1(@Previous(initial = NilmSites.OFF) int previous, Tensor switching) {
        return NilmSites.onOff(switching, 1, previous);
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical on2(@Previous(initial = NilmSites.OFF) int previous, Tensor switching) {
        return NilmSites.onOff(switching, 2, previous);
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical on3(@Previous(initial = NilmSites.OFF) int previous, Tensor switching) {
        return NilmSites.onOff(switching, 3, previous);
    }

    @Sample @Plate("time") @Observed
    Normal reading(int on0, int on1, int on2, int on3, Tensor power, Tensor base, Tensor noise) {
        return NilmSites.reading(power, base, noise, on0, on1, on2, on3);
    }
}
