package dev.trellis.samples.pinned;

import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The seeded random inputs of the pins. Draws use {@link java.util.Random}, whose algorithm its specification fixes,
 * so a seed gives the same values on every JDK: the JSB globals, too large to store, are redrawn from their seeds
 * by the test (and checked against a fingerprint in the file); the smaller inputs are stored in the files as well.
 */
final class PinnedInputs {
    private PinnedInputs() {}

    /** A discrete HMM's tables: {@code pi [K]}, {@code a [K][K]}, {@code b [K][S]}. */
    record HmmTables(double[] pi, double[][] a, double[][] b) {}

    /**
     * Random tables with K states and S symbols; about one entry in six is exactly 0 (never a whole row), so
     * impossible transitions, emissions and whole observation sequences occur.
     */
    static HmmTables hmmTables(Random random, int states, int symbols) {
        double[] pi = sparseSimplex(random, states);
        double[][] a = new double[states][];
        double[][] b = new double[states][];
        for (int k = 0; k < states; k++) {
            a[k] = sparseSimplex(random, states);
            b[k] = sparseSimplex(random, symbols);
        }
        return new HmmTables(pi, a, b);
    }

    /** {@return a sequence of 1 to {@code maxLength} symbols, each uniform in 0..symbols-1} */
    static int[] symbols(Random random, int symbols, int maxLength) {
        int[] sequence = new int[1 + random.nextInt(maxLength)];
        for (int t = 0; t < sequence.length; t++) {
            sequence[t] = random.nextInt(symbols);
        }
        return sequence;
    }

    private static double[] sparseSimplex(Random random, int n) {
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = n > 1 && random.nextInt(6) == 0 ? 0.0 : 0.01 + random.nextDouble();
            sum += p[i];
        }
        if (sum == 0) {
            p[random.nextInt(n)] = sum = 1;
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * Random values of a JSB program's globals, valid points of each site's support: every {@code probs_y} entry
     * uniform in [0.02, 0.98] (Beta, or hmm2's unit interval), every other table's last-axis rows on the simplex
     * (Dirichlet, or hmm2's simplex), each entry {@code 0.05 + U(0, 1)} before normalising.
     *
     * @param shapes each global's shape, in the model's order
     */
    static Map<String, Tensor> jsbGlobals(long seed, Map<String, int[]> shapes) {
        Random random = new Random(seed);
        Map<String, Tensor> globals = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> globals.put(name,
                name.equals("probs_y") ? unitInterval(random, shape) : simplexRows(random, shape)));
        return globals;
    }

    private static Tensor unitInterval(Random random, int[] shape) {
        double[] values = new double[size(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.02 + 0.96 * random.nextDouble();
        }
        return Tensor.of(values, shape);
    }

    private static Tensor simplexRows(Random random, int[] shape) {
        double[] values = new double[size(shape)];
        int width = shape[shape.length - 1];
        for (int row = 0; row < values.length; row += width) {
            double sum = 0;
            for (int j = row; j < row + width; j++) {
                values[j] = 0.05 + random.nextDouble();
                sum += values[j];
            }
            for (int j = row; j < row + width; j++) {
                values[j] /= sum;
            }
        }
        return Tensor.of(values, shape);
    }

    /** {@return the entries of {@code t} added in row-major order: a fingerprint that pins a redrawn input} */
    static double fingerprint(Tensor t) {
        double sum = 0;
        for (double v : t.toArray()) {
            sum += v;
        }
        return sum;
    }

    /** The data of the GMM pins: {@code n} points from a mixture of three Normals at -4, 1 and 7, scale 1.5. */
    static double[] gmmData(Random random, int n) {
        double[] centres = {-4.0, 1.0, 7.0};
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = centres[random.nextInt(centres.length)] + 1.5 * random.nextGaussian();
        }
        return data;
    }

    /**
     * Random GMM globals: weights on the simplex (each {@code 0.2 + U(0, 1)} before normalising), a scale in
     * [0.5, 3] and locations in [-8, 10].
     */
    static Map<String, Tensor> gmmGlobals(Random random, int components) {
        double[] weights = new double[components];
        double sum = 0;
        for (int k = 0; k < components; k++) {
            weights[k] = 0.2 + random.nextDouble();
            sum += weights[k];
        }
        double[] locs = new double[components];
        for (int k = 0; k < components; k++) {
            weights[k] /= sum;
            locs[k] = -8.0 + 18.0 * random.nextDouble();
        }
        Map<String, Tensor> globals = new LinkedHashMap<>();
        globals.put("weights", Tensor.vector(weights));
        globals.put("scale", Tensor.scalar(0.5 + 2.5 * random.nextDouble()));
        globals.put("locs", Tensor.vector(locs));
        return globals;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }
}
