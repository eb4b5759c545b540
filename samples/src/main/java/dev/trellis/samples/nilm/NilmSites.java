package dev.trellis.samples.nilm;

import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.LogNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The distributions the NILM models ({@link Nilm3}, {@link Nilm4}, {@link Nilm5}) share, so that each model only lists
 * its chains: the DSL fixes the number of chains at compile time, one model per number of appliances, while the story
 * is the same for all of them.
 *
 * <pre>
 * switching[i, s] ~ Dirichlet(1 + 9 eye[s])   row s of appliance i's 2 x 2 transition table (0 = off, 1 = on)
 * power[i] ~ LogNormal(log 500, 1.5)           what appliance i draws when on, in watts
 * base ~ LogNormal(log 100, 1),  noise ~ LogNormal(log 20, 1)
 * on_i[t] ~ Categorical(switching[i, on_i[t - 1]]), every appliance off before the first reading
 * reading[t] ~ Normal(base + sum_i on_i[t] power[i], noise)
 * </pre>
 *
 * <p>Priors in watts for a household meter: draws from tens of watts to kilowatts, a standby load of about 100 W. The
 * transition rows are sticky (appliances stay on or off for minutes) with every concentration at least 1, so that the
 * MAP stays inside the simplex.
 */
final class NilmSites {
    /** An appliance's two states. */
    static final int OFF = 0;
    static final int ON = 1;
    /** Added to the base concentration 1 of the "stay" entry of each transition row. */
    static final double STAY = 9.0;
    static final double POWER_MEDIAN = 500.0;
    static final double POWER_SPREAD = 1.5;
    static final double BASE_MEDIAN = 100.0;
    static final double NOISE_MEDIAN = 20.0;

    private NilmSites() {}

    /** {@return the prior of the transition tables of {@code appliances} appliances, [appliances, 2, 2]} */
    static Distribution switching(int appliances) {
        return Dirichlet.of(Tensor.eye(2).mul(STAY).add(1.0).expand(appliances, 2, 2)).toEvent(2);
    }

    /** {@return the prior of the appliances' draws, [appliances]} */
    static Distribution power(int appliances) {
        return LogNormal.of(Math.log(POWER_MEDIAN), POWER_SPREAD).expand(appliances).toEvent(1);
    }

    /** {@return the prior of the base load} */
    static LogNormal base() {
        return LogNormal.of(Math.log(BASE_MEDIAN), 1.0);
    }

    /** {@return the prior of the meter's noise} */
    static LogNormal noise() {
        return LogNormal.of(Math.log(NOISE_MEDIAN), 1.0);
    }

    /** {@return appliance {@code appliance}'s state after {@code previous}: its transition row} */
    static Categorical onOff(Tensor switching, int appliance, int previous) {
        return Categorical.of(switching.select(0, appliance).select(0, previous));
    }

    /**
     * {@return the meter reading when the appliances are in states {@code on}: Normal around the base load plus the
     * draws of the appliances that are on}
     */
    static Normal reading(Tensor power, Tensor base, Tensor noise, int... on) {
        double[] mask = new double[on.length];
        for (int i = 0; i < on.length; i++) {
            mask[i] = on[i];
        }
        return Normal.of(base.add(power.mul(Tensor.vector(mask)).sum()), noise);
    }
}
