package dev.trellis.runtime.errors;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run-time problem that belongs to one sample site of a model: its method body threw, returned null or an
 * unusable distribution, or an observed value lies outside the distribution's support.
 *
 * <p>The message has a fixed shape so that users can find the offending element quickly:
 * <pre>site 'activity' at days[3]: observed value 5 is outside the support 0..2</pre>
 * The three parts are also available separately, for tools and tests.
 *
 * <p>Thread-safe: its fields are set when it is made and never change.
 */
public final class SiteException extends TrellisException {

    private static final long serialVersionUID = 1L;

    /** The site name. */
    private final String site;
    /** Where the site was evaluated; empty for a global site. */
    private final String where;
    /** What is wrong, without the prefix. */
    private final String problem;

    /**
     * Creates a site exception without a cause.
     *
     * @param site the name of the sample site, e.g. {@code activity}
     * @param where where in the model the site was evaluated, e.g. {@code days[3]} or {@code weather = 1};
     *     null or empty when the site is global
     * @param problem what is wrong, as a sentence fragment that names the value, e.g.
     *     {@code observed value 5 is outside the support 0..2}
     */
    public SiteException(String site, String where, String problem) {
        this(site, where, problem, null);
    }

    /**
     * Creates a site exception that wraps the exception a user method body threw.
     *
     * @param site the name of the sample site
     * @param where where the site was evaluated; null or empty when the site is global
     * @param problem what is wrong
     * @param cause the original exception; may be null
     */
    public SiteException(String site, String where, String problem, @Nullable Throwable cause) {
        super(format(site, where, problem), cause);
        this.site = Objects.requireNonNull(site, "site");
        this.where = where == null ? "" : where;
        this.problem = problem == null ? "" : problem;
    }

    /** {@return the name of the sample site, e.g. {@code activity}} */
    public String site() {
        return site;
    }

    /** {@return where the site was evaluated, e.g. {@code days[3]}; empty for a global site} */
    public String where() {
        return where;
    }

    /** {@return what is wrong, without the site and location prefix} */
    public String problem() {
        return problem;
    }

    private static String format(String site, String where, String problem) {
        String location = where == null || where.isEmpty() ? "" : " at " + where;
        return "site '" + site + "'" + location + ": " + problem;
    }
}
