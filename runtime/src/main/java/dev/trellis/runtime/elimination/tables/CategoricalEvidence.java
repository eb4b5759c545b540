package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.EnumerableDistribution;
import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.inference.SiteCalls;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence of an observed site with a finite support (a Categorical, one value per instance, no folded plates)
 * by table lookup: {@code row[i][c] = table[c, y_i]}, one table entry per assignment and observed value, no
 * per-row work beyond the lookup and no allocation, so a streamed scan's memory does not grow with its length.
 *
 * <p><b>Data parents.</b> A site may also read finite integer observations ({@link DataParent}s): its own previous
 * value (a categorical autoregressive HMM) or another site's value. The table then has one slice per distinct
 * <em>situation</em> that occurs in the data, a situation being the instance's variant together with the values of
 * its present data parents: {@code table[c, m, y]}, {@code [cells, situations, S]}. Only situations that occur are
 * tabulated, so the method is never called with a value the data does not hold and no data parent needs a known
 * domain. Without data parents and lagged parents there is one situation and the table is {@code [cells, S]}.
 *
 * <p>The method is called once per situation and assignment of the present parents; {@link #inputs()} is the table,
 * differentiable in what the method read, and {@link #backward} scatters the rows' adjoints into it. Not thread-safe:
 * one per evaluation.
 */
public final class CategoricalEvidence implements Evidence {

    private final EvidenceRows rows;
    private final Tensor table;
    private final double[] values;
    private final int situations;
    private final int support;
    /** Per instance: its situation and its observed value. */
    private final int[] situationOf;
    private final int[] observed;

    private CategoricalEvidence(EvidenceRows rows, Tensor table, int situations, int support, int[] situationOf,
                                int[] observed) {
        this.rows = rows;
        this.table = table;
        this.values = table.toArray();
        this.situations = situations;
        this.support = support;
        this.situationOf = situationOf;
        this.observed = observed;
    }

    /**
     * A site that reads only enumerated parents; see
     * {@link #of(ObservedData, EnumeratedParents, List, EvidenceMethod.OfIntData)}.
     *
     * @param data the site's data: plates only, integers
     * @param parents its enumerated parents
     * @param method the site's method; see {@link EvidenceMethod} for the calling convention
     * @return the evidence
     */
    public static CategoricalEvidence of(ObservedData data, EnumeratedParents parents,
                                         EvidenceMethod.OfParents method) {
        return of(data, parents, List.of(), (variant, assignment, none) -> method.call(variant, assignment));
    }

    /**
     * Tabulates the site for every situation that occurs and checks the data against the support.
     *
     * @param data the site's data: plates only, integers
     * @param parents its enumerated parents
     * @param dataParents the integer observations it reads, in the order the method takes them
     * @param method the site's method; see {@link EvidenceMethod} for the calling convention
     * @return the evidence
     * @throws SiteException naming the site, the index path and the value of an observation that is not an integer or
     *     lies outside the support (of the site, or not an integer for a data parent); naming the assignment and the
     *     data parents' values if the method throws or returns null, returns a distribution without finite support or
     *     with a batch shape, a support of another size than elsewhere, or a NaN or {@code +Infinity}
     *     log-probability
     */
    public static CategoricalEvidence of(ObservedData data, EnumeratedParents parents, List<DataParent> dataParents,
                                         EvidenceMethod.OfIntData method) {
        if (data.levels().foldedLevels() + data.levels().eventLevels() != 0 || data.rowWidth() != 1) {
            throw new IllegalArgumentException("site '" + data.site() + "': a Categorical lookup takes one value per "
                    + "instance, without folded plates or event dimensions");
        }
        EvidenceRows rows = new EvidenceRows(data, parents, DataParent.maxLag(dataParents));
        int[][] parentRows = DataParent.rowsFor(dataParents, data);
        int[][] parentValues = new int[dataParents.size()][];
        for (int j = 0; j < parentValues.length; j++) {
            parentValues[j] = dataParents.get(j).data().integers(0);
        }
        List<int[]> situations = new ArrayList<>();
        int[] situationOf = dataParents.isEmpty() ? numberVariants(rows, situations)
                : numberSituations(rows, dataParents, parentRows, parentValues, situations);
        Tabulated tabulated = tabulate(rows, dataParents, situations, method);
        int[] observed = tabulated.support < 0 ? new int[0] : data.integers(tabulated.support);
        return new CategoricalEvidence(rows, tabulated.table, situations.size(), tabulated.support, situationOf,
                observed);
    }

    /**
     * Numbers the situations (variant, then each data parent's value, -1 where absent) in order of first occurrence,
     * adding each new one to {@code situations}; returns the number of every instance's situation.
     */
    static int[] numberSituations(EvidenceRows rows, List<DataParent> dataParents, int[][] parentRows,
                                  int[][] parentValues, List<int[]> situations) {
        Map<List<Integer>, Integer> numbers = new HashMap<>();
        int[] situationOf = new int[rows.instances];
        for (int i = 0; i < rows.instances; i++) {
            int[] situation = new int[dataParents.size() + 1];
            situation[0] = rows.variant(i);
            for (int j = 0; j < parentRows.length; j++) {
                int row = parentRows[j][i];
                situation[j + 1] = dataParents.get(j).lag() > rows.variant(i) || row < 0 ? -1 : parentValues[j][row];
            }
            List<Integer> key = Arrays.stream(situation).boxed().toList();
            Integer number = numbers.get(key);
            if (number == null) {
                number = situations.size();
                numbers.put(key, number);
                situations.add(situation);
            }
            situationOf[i] = number;
        }
        return situationOf;
    }

    /**
     * {@link #numberSituations} for a site without data parents, whose situation is its variant alone: the same
     * numbers and situations, without a boxed key per instance (which cost a quarter of a Categorical HMM's
     * likelihood and ~240 bytes per step).
     */
    static int[] numberVariants(EvidenceRows rows, List<int[]> situations) {
        int[] numberOfVariant = new int[rows.maxLag + 1];
        Arrays.fill(numberOfVariant, -1);
        int[] situationOf = new int[rows.instances];
        for (int i = 0; i < rows.instances; i++) {
            int variant = rows.variant(i);
            if (numberOfVariant[variant] < 0) {
                numberOfVariant[variant] = situations.size();
                situations.add(new int[] {variant});
            }
            situationOf[i] = numberOfVariant[variant];
        }
        return situationOf;
    }

    /** The stacked table and the support size S (-1 without any situation). */
    private record Tabulated(Tensor table, int support) {
    }

    private static Tabulated tabulate(EvidenceRows rows, List<DataParent> dataParents, List<int[]> situations,
                                      EvidenceMethod.OfIntData method) {
        int cells = rows.cells;
        int count = situations.size();
        Tensor[] entries = new Tensor[cells * count];
        int[] assignment = new int[rows.parents.count()];
        int[] dataValues = new int[dataParents.size()];
        int support = -1;
        String supportWhere = "";
        for (int m = 0; m < count; m++) {
            int[] situation = situations.get(m);
            int variant = situation[0];
            System.arraycopy(situation, 1, dataValues, 0, dataValues.length);
            for (int cell = 0; cell < cells; cell++) {
                int representative = rows.parents.representative(cell, variant);
                if (representative != cell) {
                    entries[cell * count + m] = entries[representative * count + m];
                    continue;
                }
                rows.parents.decode(cell, variant, assignment);
                String where = where(rows, cell, variant, dataParents, dataValues);
                Distribution distribution = SiteCalls.evaluate(rows.site, where,
                        () -> method.call(variant, assignment, dataValues));
                EnumerableDistribution finite = SiteCalls.enumerable(rows.site, where, distribution);
                if (distribution.batchShape().length != 0) {
                    throw new SiteException(rows.site, where, "returned a batch of distributions (batch shape "
                            + Arrays.toString(distribution.batchShape()) + "); a Categorical observation without "
                            + "folded plates has batch shape []");
                }
                int size = finite.supportSize();
                if (support < 0) {
                    support = size;
                    supportWhere = where;
                } else if (size != support) {
                    throw new SiteException(rows.site, where, "has " + size + " values but " + (supportWhere.isEmpty()
                            ? "elsewhere it has " : "at " + supportWhere + " it has ") + support
                            + "; an observed site's support must not depend on its parents");
                }
                entries[cell * count + m] = logProbs(rows.site, where, distribution, size);
            }
        }
        if (count == 0) {
            return new Tabulated(Tensor.zeros(cells, 0), -1);
        }
        Tensor stacked = Tensor.stack(0, entries);
        return new Tabulated(count == 1 ? stacked.reshape(cells, support)
                : stacked.reshape(cells, count, support), support);
    }

    private static Tensor logProbs(String site, String where, Distribution distribution, int size) {
        Tensor logProbs;
        try {
            logProbs = distribution.logProb(Tensor.arange(size));
        } catch (IllegalArgumentException e) {
            throw new SiteException(site, where, e.getMessage(), e);
        }
        double[] entries = logProbs.toArray();
        for (int k = 0; k < entries.length; k++) {
            if (Double.isNaN(entries[k]) || entries[k] == Double.POSITIVE_INFINITY) {
                throw new SiteException(site, where, "the log-probability of value " + k + " is " + entries[k]);
            }
        }
        return logProbs;
    }

    private static String where(EvidenceRows rows, int cell, int variant, List<DataParent> dataParents,
                                int[] dataValues) {
        StringBuilder text = new StringBuilder(rows.whereCell(cell, variant));
        for (int j = 0; j < dataValues.length; j++) {
            if (dataParents.get(j).lag() <= variant) {   // else absent at this boundary step
                text.append(text.length() == 0 ? "" : ", ").append(dataParents.get(j).name()).append(" = ")
                        .append(dataValues[j]);
            }
        }
        return text.toString();
    }

    @Override
    public String site() {
        return rows.site;
    }

    @Override
    public int instances() {
        return rows.instances;
    }

    @Override
    public int cells() {
        return rows.cells;
    }

    /** {@return the number of situations (variant and data-parent values) the table has a slice for} */
    public int situations() {
        return situations;
    }

    @Override
    public void fill(int from, int to, double[] out, int at) {
        rows.checkBlock(from, to, out, at);
        int cells = rows.cells;
        for (int i = from; i < to; i++) {
            int base = situationOf[i] * support + observed[i];
            int row = at + (i - from) * cells;
            for (int cell = 0; cell < cells; cell++) {
                out[row + cell] = values[cell * situations * support + base];
            }
        }
    }

    /** {@inheritDoc} The table, {@code [cells, S]} or {@code [cells, situations, S]}. */
    @Override
    public List<Tensor> inputs() {
        return table.requiresGrad() ? List.of(table) : List.of();
    }

    @Override
    public void backward(double[] rowAdjoints, double[][] inputAdjoints) {
        backward(rowAdjoints, 1.0, inputAdjoints);
    }

    @Override
    public void backward(double[] rowAdjoints, double scale, double[][] inputAdjoints) {
        rows.checkAdjoints(rowAdjoints);
        double[] target = table.requiresGrad() ? inputAdjoints[0] : null;
        if (target == null) {
            return;
        }
        int cells = rows.cells;
        for (int i = 0; i < rows.instances; i++) {
            int base = situationOf[i] * support + observed[i];
            for (int cell = 0; cell < cells; cell++) {
                target[cell * situations * support + base] += scale * rowAdjoints[i * cells + cell];
            }
        }
    }
}
