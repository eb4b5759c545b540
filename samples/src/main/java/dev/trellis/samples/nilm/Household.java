package dev.trellis.samples.nilm;

import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated household: its first appliances from {@link #CATALOGUE}, a base load and the meter's noise. The draws
 * are chosen so that different sets of appliances that are on give different totals (the closest two differ by 150 W
 * with three or four appliances, by 60 W, four times the noise, with five): what makes the problem hard is learning the
 * draws and switching rates from the total alone.
 *
 * @param appliances the appliances, in the order of the model's chains
 * @param base the standby load, in watts
 * @param noise the standard deviation of the meter's reading, in watts
 */
public record Household(List<Appliance> appliances, double base, double noise) {

    /** The appliances a household has, in order: a household of N appliances has the first N. */
    public static final List<Appliance> CATALOGUE = List.of(
            new Appliance("fridge", 150, 0.08, 0.12),
            new Appliance("washing machine", 500, 0.008, 0.03),
            new Appliance("kettle", 2000, 0.015, 0.35),
            new Appliance("dishwasher", 1200, 0.006, 0.02),
            new Appliance("television", 90, 0.01, 0.015));
    public static final double BASE_LOAD = 80;
    public static final double METER_NOISE = 15;

    public Household {
        appliances = List.copyOf(appliances);
    }

    /** {@return the household of the first {@code appliances} appliances of the catalogue} */
    public static Household of(int appliances) {
        NilmModels.checkAppliances(appliances);
        return new Household(CATALOGUE.subList(0, appliances), BASE_LOAD, METER_NOISE);
    }

    /**
     * {@return the household as values of the models' global sites: {@code switching} [N, 2, 2] (row 0: from off, row
     * 1: from on), {@code power} [N], {@code base} and {@code noise}}
     */
    public Map<String, Tensor> params() {
        int n = appliances.size();
        double[] switching = new double[n * 4];
        double[] power = new double[n];
        for (int i = 0; i < n; i++) {
            Appliance appliance = appliances.get(i);
            switching[4 * i] = 1 - appliance.switchOn();
            switching[4 * i + 1] = appliance.switchOn();
            switching[4 * i + 2] = appliance.switchOff();
            switching[4 * i + 3] = 1 - appliance.switchOff();
            power[i] = appliance.power();
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("switching", Tensor.of(switching, n, 2, 2));
        params.put("power", Tensor.vector(power));
        params.put("base", Tensor.scalar(base));
        params.put("noise", Tensor.scalar(noise));
        return params;
    }
}
