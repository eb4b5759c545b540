package dev.trellis.samples.nilm;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated inference of {@link Nilm3}, {@link Nilm4} and {@link Nilm5} (through {@link NilmModels}) and their
 * programs against enumeration of every joint on/off assignment of all appliances at all steps (2^(N T) of them: 4096
 * for three appliances over four readings, about a million for five), with the log-densities written out by hand: the
 * log-likelihood, each appliance's P(on) at each step, the MAP assignment and its log joint. The draws and noise are
 * of one size, so that the posteriors are far from 0 and 1 and a wrong term shows. Tolerance as
 * {@code GaussianHmmBruteForceTest}: the two sides agree to ~1e-14.
 */
class NilmBruteForceTest {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final int STEPS = 4;

    /**
     * @param stay {@code [i][s]}: P(appliance i stays in state s)
     */
    private record Instance(double[][] stay, double[] power, double base, double noise, double[] reading) {
        static Instance random(int appliances, int steps, Rng rng) {
            double[][] stay = new double[appliances][2];
            double[] power = new double[appliances];
            for (int i = 0; i < appliances; i++) {
                stay[i][0] = 0.2 + 0.7 * rng.nextDouble();
                stay[i][1] = 0.2 + 0.7 * rng.nextDouble();
                power[i] = 50 + 200 * rng.nextDouble();
            }
            double base = 20 + 50 * rng.nextDouble();
            double noise = 60 + 60 * rng.nextDouble();
            double[] reading = new double[steps];
            for (int t = 0; t < steps; t++) {
                reading[t] = base + 150 * appliances * rng.nextDouble();
            }
            return new Instance(stay, power, base, noise, reading);
        }

        Map<String, Tensor> globals() {
            int n = power.length;
            double[] switching = new double[n * 4];
            for (int i = 0; i < n; i++) {
                switching[4 * i] = stay[i][0];
                switching[4 * i + 1] = 1 - stay[i][0];
                switching[4 * i + 2] = 1 - stay[i][1];
                switching[4 * i + 3] = stay[i][1];
            }
            return Map.of("switching", Tensor.of(switching, n, 2, 2), "power", Tensor.vector(power),
                    "base", Tensor.scalar(base), "noise", Tensor.scalar(noise));
        }

        /** log p(reading, on), every appliance off before the first reading; {@code on[i][t]}. */
        double logJoint(int[][] on) {
            double sum = 0;
            for (int t = 0; t < reading.length; t++) {
                double mean = base;
                for (int i = 0; i < power.length; i++) {
                    int before = t == 0 ? 0 : on[i][t - 1];
                    double pStay = stay[i][before];
                    sum += Math.log(on[i][t] == before ? pStay : 1 - pStay);
                    mean += on[i][t] * power[i];
                }
                double z = (reading[t] - mean) / noise;
                sum += -0.5 * z * z - Math.log(noise) - HALF_LOG_TWO_PI;
            }
            return sum;
        }
    }

    @ParameterizedTest(name = "{0} appliances")
    @ValueSource(ints = {3, 4, 5})
    void likelihoodMarginalsAndMapMatchEnumerationOfEveryJointAssignment(int appliances) {
        Instance instance = Instance.random(appliances, STEPS, Rng.seeded(100 + appliances));
        int bits = appliances * STEPS;
        int count = 1 << bits;
        double[] logJoint = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int code = 0; code < count; code++) {
            logJoint[code] = instance.logJoint(assignment(code, appliances));
            if (logJoint[code] > max) {
                max = logJoint[code];
                best = code;
            }
        }
        double total = 0;
        double[][] on = new double[appliances][STEPS];
        for (int code = 0; code < count; code++) {
            double p = Math.exp(logJoint[code] - max);
            total += p;
            for (int bit = 0; bit < bits; bit++) {
                if ((code >> bit & 1) == 1) {
                    on[bit / STEPS][bit % STEPS] += p;
                }
            }
        }
        double logLikelihood = max + Math.log(total);

        NilmModels.Decoding decoding = NilmModels.decode(appliances, instance.globals(), instance.reading());
        assertRelative(logLikelihood, decoding.logLikelihood(), 1e-10, "log-likelihood");
        for (int i = 0; i < appliances; i++) {
            for (int t = 0; t < STEPS; t++) {
                assertEquals(on[i][t] / total, decoding.probabilityOn()[i][t], 1e-10,
                        "P(on" + i + "[" + t + "] = 1)");
            }
        }
        assertArrayEquals(assignment(best, appliances), decoding.mapOn(), "MAP assignment");
        assertRelative(max, decoding.mapLogJoint(), 1e-10, "MAP log joint");
        double factor = Conditioned.run(NilmModels.program(appliances, instance.reading()), instance.globals(),
                new ParamStore()).site("reading").logProb().item();
        assertRelative(logLikelihood, factor, 1e-10, "program factor");
    }

    /** Joint assignment number {@code code}: bit {@code i * STEPS + t} is appliance i at step t. */
    private static int[][] assignment(int code, int appliances) {
        int[][] on = new int[appliances][STEPS];
        for (int i = 0; i < appliances; i++) {
            for (int t = 0; t < STEPS; t++) {
                on[i][t] = code >> (i * STEPS + t) & 1;
            }
        }
        return on;
    }
}
