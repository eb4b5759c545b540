package dev.trellis.samples.nilm;

/**
 * How well one appliance was disaggregated: its decoded on/off path against the simulated one.
 *
 * @param name the true appliance
 * @param truePower its draw, in watts
 * @param learnedPower the draw learned for the chain matched to it
 * @param mapAccuracy the fraction of steps where the MAP assignment (Viterbi over all chains) has its true state
 * @param marginalAccuracy the same for the more probable state under its marginal, P(on) &gt; 0.5
 * @param majorityBaseline the accuracy of always guessing its more frequent state: what a decoder that ignores the
 *     reading gets, the chance level to beat
 * @param onF1 the F1 score of detecting "on" with the MAP path (1 when it is never on and never decoded on)
 * @param onFraction the fraction of steps it is truly on
 * @param referenceAccuracy the MAP path's accuracy at the true parameters: what decoding could reach knowing them
 * @param trueEnergy the energy it used, in kWh (one reading a minute)
 * @param decodedEnergy the energy of the decoded path at the learned draw, in kWh
 */
public record ApplianceScore(String name, double truePower, double learnedPower, double mapAccuracy,
                             double marginalAccuracy, double majorityBaseline, double onF1, double onFraction,
                             double referenceAccuracy, double trueEnergy, double decodedEnergy) {

    /** Readings per hour: one a minute. */
    public static final double READINGS_PER_HOUR = 60;

    /**
     * Scores one appliance.
     *
     * @param truth its true states, 1 = on
     * @param map its MAP states
     * @param probabilityOn its marginal P(on) per step
     * @param reference its MAP states at the true parameters
     */
    static ApplianceScore of(Appliance appliance, double learnedPower, int[] truth, int[] map, double[] probabilityOn,
            int[] reference) {
        int steps = truth.length;
        int same = 0;
        int sameMarginal = 0;
        int sameReference = 0;
        int on = 0;
        int decodedOn = 0;
        int bothOn = 0;
        for (int t = 0; t < steps; t++) {
            int marginal = probabilityOn[t] > 0.5 ? NilmSites.ON : NilmSites.OFF;
            same += map[t] == truth[t] ? 1 : 0;
            sameMarginal += marginal == truth[t] ? 1 : 0;
            sameReference += reference[t] == truth[t] ? 1 : 0;
            on += truth[t];
            decodedOn += map[t];
            bothOn += truth[t] * map[t];
        }
        double onFraction = (double) on / steps;
        double f1 = on + decodedOn == 0 ? 1.0 : 2.0 * bothOn / (on + decodedOn);
        return new ApplianceScore(appliance.name(), appliance.power(), learnedPower, (double) same / steps,
                (double) sameMarginal / steps, Math.max(onFraction, 1 - onFraction), f1, onFraction,
                (double) sameReference / steps, kilowattHours(on, appliance.power()),
                kilowattHours(decodedOn, learnedPower));
    }

    private static double kilowattHours(int stepsOn, double watts) {
        return stepsOn * watts / READINGS_PER_HOUR / 1000;
    }
}
