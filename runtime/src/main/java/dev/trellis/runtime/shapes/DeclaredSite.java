package dev.trellis.runtime.shapes;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.EnumerableDistribution;
import dev.trellis.runtime.errors.SiteException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What a site method declares about its shapes ({@code @Shape(batch, event)}, {@code @Enumerate(domain)}), checked
 * by generated code on every distribution the method returns, at the boundary between the user's body and the
 * runtime: the event shape must equal the declaration; the batch shape must end with the declared batch, with any
 * dimensions to its left only when the site has plates (they are the plates'); an enumerated site's number of values
 * must equal its domain. Dimensions sized by the data are bound by the first place they occur in one check.
 *
 * <p>Thread-safe: immutable; each check binds its data-sized dimensions in its own state.
 */
public final class DeclaredSite {
    private final String site;
    private final @Nullable List<String> batch;
    private final @Nullable List<String> event;
    private final @Nullable String domain;
    private final boolean hasPlates;

    private DeclaredSite(String site, @Nullable List<String> batch, @Nullable List<String> event,
                         @Nullable String domain, boolean hasPlates) {
        this.site = site;
        this.batch = batch;
        this.event = event;
        this.domain = domain;
        this.hasPlates = hasPlates;
    }

    /**
     * A site's declaration.
     *
     * @param site the site's name
     * @param batch the batch dimensions beyond its plates, comma-separated; null when undeclared
     * @param event the event dimensions, comma-separated; null when undeclared
     * @param domain the dimension an enumerated site ranges over; null when undeclared
     * @param hasPlates whether the site is inside plates (whose dimensions may precede the batch)
     * @return the declaration
     */
    public static DeclaredSite of(String site, @Nullable String batch, @Nullable String event,
                                  @Nullable String domain, boolean hasPlates) {
        return new DeclaredSite(site, split(batch), split(event), domain, hasPlates);
    }

    private static @Nullable List<String> split(@Nullable String dims) {
        if (dims == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String dim : dims.split(",")) {
            if (!dim.isBlank()) {
                out.add(dim.strip());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Checks a distribution a site method returned.
     *
     * @param distribution what the method returned; not modified
     * @param dimensions the sizes known for this model
     * @param <D> the distribution's type
     * @return {@code distribution}
     * @throws SiteException naming the site, the returned shape and the declared one with its sizes, e.g.
     *     {@code site 'probs_y': returned shape [16, 88]; declared [states = 16, tones = 51]}
     */
    public <D extends Distribution> D check(D distribution, Dimensions dimensions) {
        if (distribution == null) {
            return null;   // SiteCalls reports a null result with its own message
        }
        int[] batchShape = distribution.batchShape();
        int[] eventShape = distribution.eventShape();
        Map<String, Integer> bound = new HashMap<>();
        boolean fits = true;
        if (event != null) {
            fits = matches(eventShape, 0, event, dimensions, bound);
        }
        if (fits && batch != null) {
            int extra = batchShape.length - batch.size();
            fits = extra >= 0 && (extra == 0 || hasPlates) && matches(batchShape, extra, batch, dimensions, bound);
        }
        if (!fits) {
            throw new SiteException(site, "", "returned shape " + returned(batchShape, eventShape) + "; declared "
                    + declared(dimensions, bound) + hint(batchShape));
        }
        if (domain != null && distribution instanceof EnumerableDistribution finite) {
            OptionalInt size = dimensions.size(domain);
            if (size.isPresent() && finite.supportSize() != size.getAsInt()) {
                throw new SiteException(site, "", "has " + finite.supportSize() + " values; declared domain "
                        + domain + " = " + size.getAsInt());
            }
        }
        return distribution;
    }

    private static boolean matches(int[] actual, int offset, List<String> declared, Dimensions dimensions,
                                   Map<String, Integer> bound) {
        if (actual.length - offset != declared.size()) {
            return false;
        }
        for (int i = 0; i < declared.size(); i++) {
            String dim = declared.get(i);
            int size = actual[offset + i];
            OptionalInt expected = expected(dim, dimensions, bound);
            if (expected.isPresent() && expected.getAsInt() != size) {
                return false;
            }
            if (expected.isEmpty()) {
                bound.put(dim, size);
            }
        }
        return true;
    }

    private static OptionalInt expected(String dim, Dimensions dimensions, Map<String, Integer> bound) {
        if (!dim.isEmpty() && dim.chars().allMatch(Character::isDigit)) {
            return OptionalInt.of(Integer.parseInt(dim));
        }
        OptionalInt size = dimensions.size(dim);
        if (size.isPresent()) {
            return size;
        }
        Integer local = bound.get(dim);
        return local == null ? OptionalInt.empty() : OptionalInt.of(local);
    }

    /** {@code [16, 88]}, or {@code [3 | 16, 88]} (batch | event) when there is a batch. */
    private static String returned(int[] batchShape, int[] eventShape) {
        List<String> batchDims = new ArrayList<>();
        List<String> eventDims = new ArrayList<>();
        for (int size : batchShape) {
            batchDims.add(Integer.toString(size));
        }
        for (int size : eventShape) {
            eventDims.add(Integer.toString(size));
        }
        return bracket(batchDims, eventDims);
    }

    /** {@code [states = 16, tones = 51]}, or {@code [plates..., k = 3 | d = 2]} when plates or a batch precede. */
    private String declared(Dimensions dimensions, Map<String, Integer> bound) {
        List<String> batchDims = new ArrayList<>();
        if (hasPlates) {
            batchDims.add("plates...");
        }
        for (String dim : batch == null ? List.<String>of() : batch) {
            batchDims.add(describe(dim, dimensions, bound));
        }
        List<String> eventDims = new ArrayList<>();
        for (String dim : event == null ? List.of("?") : event) {
            eventDims.add(describe(dim, dimensions, bound));
        }
        return bracket(batchDims, eventDims);
    }

    private static String bracket(List<String> batchDims, List<String> eventDims) {
        String events = String.join(", ", eventDims);
        if (batchDims.isEmpty()) {
            return "[" + events + "]";
        }
        return "[" + String.join(", ", batchDims) + " |" + (events.isEmpty() ? "" : " " + events) + "]";
    }

    private static String describe(String dim, Dimensions dimensions, Map<String, Integer> bound) {
        if (dim.equals("?") || dim.chars().allMatch(Character::isDigit)) {
            return dim;
        }
        OptionalInt size = dimensions.size(dim);
        return size.isPresent() ? dim + " = " + size.getAsInt() : bound.containsKey(dim) ? dim + " = "
                + bound.get(dim) + " (first seen here)" : dim;
    }

    private String hint(int[] batchShape) {
        if (batch != null && batchShape.length > batch.size() && !hasPlates) {
            return " (site '" + site + "' is in no plate, so its batch shape has no dimensions beyond the declared "
                    + "ones)";
        }
        return "";
    }
}
