package dev.trellis.samples.nilm;

/**
 * One appliance of a simulated household: what it draws when on, and how often it switches, per reading (one reading
 * a minute).
 *
 * @param name what it is
 * @param power its draw when on, in watts
 * @param switchOn P(on at the next reading | off now)
 * @param switchOff P(off at the next reading | on now)
 */
public record Appliance(String name, double power, double switchOn, double switchOff) {

    public Appliance {
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException(name + ": the draw must be a positive number of watts, got " + power);
        }
        if (!(switchOn > 0 && switchOn < 1) || !(switchOff > 0 && switchOff < 1)) {
            throw new IllegalArgumentException(name + ": switching probabilities must be strictly between 0 and 1, got "
                    + switchOn + " and " + switchOff);
        }
    }

    /** {@return the fraction of time the appliance is on, in the long run} */
    public double dutyCycle() {
        return switchOn / (switchOn + switchOff);
    }
}
