package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.EnumerableDistribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.inference.SiteCalls;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The log-probability table of a latent enumerated site: its method called once for every assignment of its
 * enumerated parents, and {@code log p(0..K-1)} of each result stacked into one tensor.
 *
 * <p>The table is differentiable in whatever the method read (parameters, latent globals), because it is stacked
 * from the distributions' own {@link Distribution#logProb(Tensor)}: the elimination's adjoint of the table, handed to
 * the autodiff tape, reaches them. A boundary table (a step where some lagged parent does not exist yet) is
 * tabulated separately, by a method that passes {@code null} or the {@code initial} for the missing parents and
 * lists only the present ones here.
 *
 * <p>Stateless and thread-safe as far as the site method is.
 */
public final class Tabulation {

    private Tabulation() {
    }

    /**
     * Tabulates a site whose domain size is read from this table.
     *
     * @param site the site's name, for messages
     * @param parentNames one name per parent, for messages, e.g. {@code previous}
     * @param parentSizes the domain size of each parent
     * @param call the site method given an assignment of the parents (one value per parent, in order); the array is
     *     reused between calls, so the method must not keep it
     * @return {@code [parentSizes..., K]}: entry {@code [a..., k]} is {@code log p(site = k | parents = a)},
     *     row-major over the parents' assignments, finite or {@code -Infinity}
     * @throws SiteException naming the site and the assignment (e.g. {@code site 'x' at previous = 2, w = 1: ...})
     *     if the method throws or returns null, returns a distribution without a finite support or with a batch
     *     shape, has another number of values than at the first assignment, or gives a NaN or {@code +Infinity}
     *     log-probability
     * @throws IllegalArgumentException if the names and sizes differ in length or a size is below 1
     */
    public static Tensor table(String site, String[] parentNames, int[] parentSizes,
                               Function<int[], ? extends Distribution> call) {
        return table(site, parentNames, parentSizes, call, -1);
    }

    /**
     * Tabulates a site whose domain size is already known, e.g. learned from its first table: the transition table
     * of a chain whose initial table fixed K.
     *
     * @param site the site's name, for messages
     * @param parentNames one name per parent, for messages
     * @param parentSizes the domain size of each parent
     * @param call the site method given an assignment of the parents
     * @param expectedSize K, or a negative number to read it from the first assignment
     * @return as {@link #table(String, String[], int[], Function)}
     * @throws SiteException as there, and naming both sizes if a distribution has another number of values than
     *     {@code expectedSize}
     */
    public static Tensor table(String site, String[] parentNames, int[] parentSizes,
                               Function<int[], ? extends Distribution> call, int expectedSize) {
        return table(site, "", parentNames, parentSizes, call, expectedSize);
    }

    /**
     * Tabulates a boundary variant of a chain site: its parameters that read steps before the start receive
     * {@code null} or their initial value, which {@code fixed} describes for messages (e.g.
     * {@code "yesterday = null"}).
     *
     * @param fixed what the absent parameters receive, prefixed to where each assignment was evaluated; may be empty
     * @return as {@link #table(String, String[], int[], Function, int)}
     */
    public static Tensor table(String site, String fixed, String[] parentNames, int[] parentSizes,
                               Function<int[], ? extends Distribution> call, int expectedSize) {
        EnumeratedParents parents = EnumeratedParents.current(parentNames, parentSizes);
        int[] assignment = new int[parents.count()];
        List<Tensor> rows = new ArrayList<>(parents.cells());
        // Categorical rows are scored together at the end (one log for the table) while every row so far is one;
        // their scores cannot fail, so deferring them changes no error. The first other row scores them in order.
        List<Categorical> categoricals = new ArrayList<>(parents.cells());
        String[] wheres = new String[parents.cells()];
        int size = expectedSize;
        String sizeSource = "";   // never read while empty: a site without parents has one assignment
        for (int cell = 0; cell < parents.cells(); cell++) {
            parents.decode(cell, 0, assignment);
            String described = parents.describe(assignment);
            String where = fixed.isEmpty() ? described : described.isEmpty() ? fixed : fixed + ", " + described;
            Distribution distribution = SiteCalls.evaluate(site, where, () -> call.apply(assignment));
            int values = checkedSupport(site, where, distribution);
            if (size < 0) {
                size = values;
                sizeSource = where;
            } else if (values != size && expectedSize >= 0) {
                checkDomain(site, where, values, expectedSize);
            } else if (values != size) {
                throw new SiteException(site, where, "has " + values + " values but at " + sizeSource + " it has "
                        + size + "; an enumerated site's number of values must not depend on its parents");
            }
            wheres[cell] = where;
            if (rows.isEmpty() && distribution instanceof Categorical categorical) {
                categoricals.add(categorical);
                continue;
            }
            scoreDeferred(site, wheres, categoricals, rows);
            rows.add(checkedLogProbs(site, where, distribution, values));
        }
        int[] shape = Arrays.copyOf(parentSizes, parentSizes.length + 1);
        shape[parentSizes.length] = size;
        Tensor stacked = rows.isEmpty() ? Categorical.stackedLogProbs(categoricals) : null;
        if (stacked != null) {
            checkFinite(site, wheres, stacked.toArray(), size);
            return stacked.reshape(shape);
        }
        scoreDeferred(site, wheres, categoricals, rows);
        return Tensor.stack(0, rows).reshape(shape);
    }

    /** Scores the deferred categorical rows one by one, ahead of the rows that follow them. */
    private static void scoreDeferred(String site, String[] wheres, List<Categorical> categoricals, List<Tensor> rows) {
        for (int cell = 0; cell < categoricals.size(); cell++) {
            Categorical distribution = categoricals.get(cell);
            rows.add(checkedLogProbs(site, wheres[cell], distribution, distribution.supportSize()));
        }
        categoricals.clear();
    }

    /**
     * Checks that a site's domain size agrees with the one the model fixed earlier.
     *
     * @param site the site's name
     * @param where where the size was read, for the message (may be empty)
     * @param size the size found
     * @param expected the size fixed earlier
     * @throws SiteException naming both sizes if they differ
     */
    public static void checkDomain(String site, String where, int size, int expected) {
        if (size != expected) {
            throw new SiteException(site, where, "has " + size + " values but its domain has " + expected
                    + " values elsewhere in the model; an enumerated site has one number of values everywhere");
        }
    }

    /** {@return K} after checking the distribution is enumerable and unbatched. */
    private static int checkedSupport(String site, String where, Distribution distribution) {
        EnumerableDistribution finite = SiteCalls.enumerable(site, where, distribution);
        if (distribution.batchShape().length != 0) {
            throw new SiteException(site, where, "returned a batch of distributions (batch shape "
                    + Arrays.toString(distribution.batchShape()) + "); an enumerated site draws one value per plate "
                    + "member, so its distribution has batch shape []");
        }
        return finite.supportSize();
    }

    private static Tensor checkedLogProbs(String site, String where, Distribution distribution, int values) {
        Tensor logProbs;
        try {
            logProbs = distribution.logProb(Tensor.arange(values));
        } catch (RuntimeException e) {
            throw new SiteException(site, where, "cannot score its values 0.." + (values - 1) + ": " + e.getMessage(),
                    e);
        }
        checkFinite(site, new String[] {where}, logProbs.toArray(), values);
        return logProbs;
    }

    /** Rejects a NaN or {@code +Infinity} log-probability, naming the row's assignment and the value. */
    private static void checkFinite(String site, String[] wheres, double[] entries, int values) {
        for (int i = 0; i < entries.length; i++) {
            if (Double.isNaN(entries[i]) || entries[i] == Double.POSITIVE_INFINITY) {
                throw new SiteException(site, wheres[i / values], "the log-probability of value " + (i % values)
                        + " is " + entries[i]);
            }
        }
    }
}
