package dev.trellis.runtime.inference;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.EnumerableDistribution;
import dev.trellis.runtime.errors.SiteException;
import java.util.function.Supplier;

/**
 * The small checks generated code wraps around user method bodies and observed data, so that every run-time
 * failure names the site, where it was evaluated and the offending value.
 *
 * <p>{@code where} is a location such as {@code days[3]} or {@code weather = 1}; the message shape is that of
 * {@link SiteException}: {@code site 'activity' at days[3]: observed value 5 is outside the support 0..2}.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class SiteCalls {

    private SiteCalls() {
    }

    /**
     * Runs a user method body that returns a site's distribution.
     *
     * @param site the site's name
     * @param where where the site is evaluated
     * @param body the user's code, called once
     * @param <D> the distribution type the body returns
     * @return the body's non-null result
     * @throws SiteException if the body returns null, or wrapping (as cause) any RuntimeException it throws other
     *     than a SiteException, which passes through unchanged
     */
    public static <D extends Distribution> D evaluate(String site, String where, Supplier<D> body) {
        return evaluate(site, () -> where, body);
    }

    /**
     * {@link #evaluate(String, String, Supplier)} with the location described only if the body fails: for callers
     * that evaluate a site many times a step, where building the description each time would cost more than the call.
     *
     * @param where describes where the site is evaluated; called only for a failure's message
     */
    public static <D extends Distribution> D evaluate(String site, Supplier<String> where, Supplier<D> body) {
        D result;
        try {
            result = body.get();
        } catch (SiteException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new SiteException(site, where.get(), message, e);
        }
        if (result == null) {
            throw new SiteException(site, where.get(), "returned null");
        }
        return result;
    }

    /**
     * Views a site's distribution as one with a finite support, which enumeration needs.
     *
     * @param site the site's name
     * @param where where the site is evaluated, e.g. {@code days[3]}
     * @param d the distribution the site's body returned
     * @return {@code d} itself
     * @throws SiteException naming the distribution's class if it has no finite support
     */
    public static EnumerableDistribution enumerable(String site, String where, Distribution d) {
        if (d instanceof EnumerableDistribution enumerable) {
            return enumerable;
        }
        String what = d == null ? "null" : d.getClass().getSimpleName();
        throw new SiteException(site, where, "returned " + what + ", which has no finite support to enumerate");
    }

    /**
     * Returns the log-probability of every value of a site's distribution, checking its size.
     *
     * @param site the site's name
     * @param where where the site is evaluated, e.g. {@code days[3]}
     * @param d the site's distribution; not modified
     * @param expectedSize the number of values the model expects, or a negative number for any
     * @return a new array of length {@code d.supportSize()}
     * @throws SiteException if the size differs from {@code expectedSize}, or naming the value if a
     *     log-probability is NaN or {@code +Infinity}
     */
    public static double[] logProbTable(String site, String where, EnumerableDistribution d, int expectedSize) {
        int size = d.supportSize();
        if (expectedSize >= 0 && size != expectedSize) {
            throw new SiteException(site, where, "has " + size + " categories but the model expects " + expectedSize);
        }
        double[] table = new double[size];
        fillLogProbs(site, where, d, table);
        return table;
    }

    /**
     * Allocation-free form of {@link #logProbTable}: writes the log-probabilities into a preallocated row.
     *
     * @param site the site's name
     * @param where where the site is evaluated, e.g. {@code days[3]}
     * @param d the site's distribution; not modified
     * @param out modified: receives {@code d.logProb(k)} at index k; its length is the expected size
     * @throws SiteException if {@code d.supportSize() != out.length}, or naming the value if a log-probability is
     *     NaN or {@code +Infinity}
     */
    public static void logProbTableInto(String site, String where, EnumerableDistribution d, double[] out) {
        int size = d.supportSize();
        if (size != out.length) {
            throw new SiteException(site, where, "has " + size + " categories but the model expects " + out.length);
        }
        fillLogProbs(site, where, d, out);
    }

    /**
     * Checks the length of a sequence bound to a plate.
     *
     * @param site the observed site the sequence belongs to
     * @param plate the plate's name, e.g. {@code days}
     * @param length the sequence length
     * @return {@code length}
     * @throws SiteException at {@code plate} if the length is below 1
     */
    public static int checkLength(String site, String plate, int length) {
        if (length < 1) {
            String problem = length == 0 ? "the sequence is empty" : "the sequence length " + length + " is negative";
            throw new SiteException(site, plate, problem + "; plate '" + plate + "' needs at least one step");
        }
        return length;
    }

    /**
     * Checks one observed value against the support {@code 0..supportSize-1}.
     *
     * @param site the observed site
     * @param plate the plate the value is indexed by
     * @param index the position in the plate
     * @param value the observed value
     * @param supportSize the size of the site's support
     * @return {@code value}
     * @throws SiteException at {@code plate[index]} naming the value and the support
     */
    public static int checkObserved(String site, String plate, int index, int value, int supportSize) {
        if (value < 0 || value >= supportSize) {
            throw new SiteException(site, plate + "[" + index + "]",
                    "observed value " + value + " is outside the support 0.." + (supportSize - 1));
        }
        return value;
    }

    /**
     * Checks that two sites observed in the same plate have sequences of the same length.
     *
     * @param plate the plate's name
     * @param siteA the site whose length is taken as the plate's
     * @param lengthA its length
     * @param siteB the site being checked
     * @param lengthB its length
     * @throws SiteException for {@code siteB} at {@code plate}, naming both lengths, if they differ
     */
    public static void checkSameLength(String plate, String siteA, int lengthA, String siteB, int lengthB) {
        if (lengthA != lengthB) {
            throw new SiteException(siteB, plate, "has " + lengthB + " steps but site '" + siteA + "' has " + lengthA
                    + "; every site in plate '" + plate + "' needs the same length");
        }
    }

    private static void fillLogProbs(String site, String where, EnumerableDistribution d, double[] out) {
        d.logProbsInto(out);
        for (int k = 0; k < out.length; k++) {
            if (Double.isNaN(out[k]) || out[k] == Double.POSITIVE_INFINITY) {
                throw new SiteException(site, where, "log-probability of value " + k + " is " + out[k]);
            }
        }
    }
}
