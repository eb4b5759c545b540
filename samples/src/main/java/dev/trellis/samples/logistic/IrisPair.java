package dev.trellis.samples.logistic;

import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.files.InputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two species of Fisher's iris data and some of their features, as a binary classification problem: label 0 for the
 * first species, 1 for the second. The features are standardised (centred and divided by their sample standard
 * deviation over the chosen flowers), so that the standard-normal prior on each weight means the same for every
 * feature and the posterior is not stretched along the bias (raw sepal lengths near 5.8 would couple the bias and
 * the weight tightly, which a mean-field guide cannot represent).
 *
 * @param features standardised features, shape [flowers, features]
 * @param labels 0 or 1 per flower, shape [flowers]
 * @param featureNames the CSV columns used, in order
 * @param species the two species: label 0, label 1
 * @param means each raw feature's mean (to map weights back to raw units)
 * @param sds each raw feature's sample standard deviation
 */
public record IrisPair(Tensor features, Tensor labels, List<String> featureNames, List<String> species,
                       double[] means, double[] sds) {

    /**
     * Reads {@code csv} (a header row with the feature columns and {@code species}, then one flower per row).
     *
     * @throws IllegalArgumentException naming the file, line and column for a missing column, a non-number, or a
     *     species with no flowers
     */
    public static IrisPair read(Path csv, List<String> featureNames, List<String> species) throws IOException {
        if (species.size() != 2 || species.get(0).equals(species.get(1))) {
            throw new IllegalArgumentException("choose two different species, got " + species);
        }
        List<String> lines = InputFiles.readLines(csv).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",")).map(String::trim).toList();
        int speciesColumn = column(header, "species", csv);
        int[] columns = featureNames.stream().mapToInt(name -> column(header, name, csv)).toArray();
        List<double[]> rows = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        for (int line = 1; line < lines.size(); line++) {
            String[] cells = lines.get(line).split(",");
            if (cells.length != header.size()) {
                throw new IllegalArgumentException(csv + " line " + (line + 1) + ": " + cells.length + " cells, the "
                        + "header has " + header.size());
            }
            int label = species.indexOf(cells[speciesColumn].trim());
            if (label < 0) {
                continue;
            }
            double[] row = new double[columns.length];
            for (int j = 0; j < columns.length; j++) {
                try {
                    row[j] = Double.parseDouble(cells[columns[j]].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(csv + " line " + (line + 1) + ", column '" + featureNames.get(j)
                            + "': '" + cells[columns[j]] + "' is not a number", e);
                }
            }
            rows.add(row);
            labels.add((double) label);
        }
        for (int label = 0; label < 2; label++) {
            if (!labels.contains((double) label)) {
                throw new IllegalArgumentException(csv + " has no flower of species '" + species.get(label)
                        + "'; its species column is '" + header.get(speciesColumn) + "'");
            }
        }
        return standardised(rows, labels, featureNames, species);
    }

    private static IrisPair standardised(List<double[]> rows, List<Double> labels, List<String> featureNames,
            List<String> species) {
        int n = rows.size();
        int d = featureNames.size();
        double[] means = new double[d];
        double[] sds = new double[d];
        for (int j = 0; j < d; j++) {
            final int column = j;
            means[j] = rows.stream().mapToDouble(r -> r[column]).average().orElseThrow();
            double squares = rows.stream().mapToDouble(r -> (r[column] - means[column]) * (r[column] - means[column]))
                    .sum();
            sds[j] = Math.sqrt(squares / (n - 1));
        }
        double[] data = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (rows.get(i)[j] - means[j]) / sds[j];
            }
        }
        double[] y = labels.stream().mapToDouble(Double::doubleValue).toArray();
        return new IrisPair(Tensor.of(data, n, d), Tensor.vector(y), List.copyOf(featureNames), List.copyOf(species),
                means, sds);
    }

    private static int column(List<String> header, String name, Path csv) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(csv + " has no column '" + name + "'; its columns are " + header);
        }
        return index;
    }
}
