package dev.trellis.corpus;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Random valid parameters and data for the corpus, from a seed. Probabilities stay away from 0 and 1 so that no
 * joint assignment is impossible and no two are tied by accident.
 */
public final class RandomTables {
    private final Rng rng;

    public RandomTables(long seed) {
        this.rng = Rng.seeded(seed);
    }

    /** {@return a tensor of the shape whose last dimension holds probability vectors, entries at least ~0.05} */
    public Tensor rows(int... shape) {
        int k = shape[shape.length - 1];
        int count = 1;
        for (int size : shape) {
            count *= size;
        }
        double[] flat = new double[count];
        for (int start = 0; start < count; start += k) {
            double total = 0;
            for (int j = 0; j < k; j++) {
                flat[start + j] = 0.2 + rng.nextDouble();
                total += flat[start + j];
            }
            for (int j = 0; j < k; j++) {
                flat[start + j] /= total;
            }
        }
        return Tensor.of(flat, shape);
    }

    /** {@return entries uniform in [low, high)} */
    public Tensor uniform(double low, double high, int... shape) {
        int count = 1;
        for (int size : shape) {
            count *= size;
        }
        double[] flat = new double[count];
        for (int i = 0; i < count; i++) {
            flat[i] = uniform(low, high);
        }
        return Tensor.of(flat, shape);
    }

    /** {@return a number uniform in [low, high)} */
    public double uniform(double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    /** {@return n symbols uniform in 0..symbols-1} */
    public int[] symbols(int n, int symbols) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = rng.nextInt(symbols);
        }
        return values;
    }

    /** {@return n numbers uniform in [low, high)} */
    public double[] reals(int n, double low, double high) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = uniform(low, high);
        }
        return values;
    }

    /** {@return n counts uniform in 0..max, as doubles (the element type of a non-categorical site)} */
    public double[] counts(int n, int max) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = rng.nextInt(max + 1);
        }
        return values;
    }

    /** {@return one symbol sequence per length} */
    public List<int[]> symbolSequences(int[] lengths, int symbols) {
        List<int[]> sequences = new ArrayList<>();
        for (int length : lengths) {
            sequences.add(symbols(length, symbols));
        }
        return sequences;
    }

    /** {@return per length, a [length][tones] block of 0/1 entries} */
    public List<double[][]> toneSequences(int[] lengths, int tones) {
        List<double[][]> sequences = new ArrayList<>();
        for (int length : lengths) {
            double[][] steps = new double[length][];
            for (int t = 0; t < length; t++) {
                steps[t] = counts(tones, 1);
            }
            sequences.add(steps);
        }
        return sequences;
    }

    /** {@return a lower-triangular 2 x 2 factor with a positive diagonal, per leading index} */
    public Tensor scaleTrils(int count) {
        double[] flat = new double[count * 4];
        for (int i = 0; i < count; i++) {
            flat[4 * i] = uniform(0.5, 1.5);
            flat[4 * i + 2] = uniform(-0.5, 0.5);
            flat[4 * i + 3] = uniform(0.5, 1.5);
        }
        return Tensor.of(flat, count, 2, 2);
    }
}
