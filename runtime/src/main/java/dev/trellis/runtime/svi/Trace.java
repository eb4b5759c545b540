package dev.trellis.runtime.svi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sites of one run of a model or guide, in the order they were sampled.
 *
 * <p>Not thread-safe: one run fills it; once the run is over it only is read.
 */
public final class Trace {

    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<String, Plate> plates = new LinkedHashMap<>();

    /**
     * Records a site.
     *
     * @throws IllegalArgumentException if a site of that name was already recorded in this run
     */
    void add(Site site) {
        if (sites.putIfAbsent(site.name(), site) != null) {
            throw new IllegalArgumentException("site '" + site.name() + "' is sampled twice in one run; site names "
                    + "must be unique (inside a plate, one site covers every member)");
        }
    }

    /** Records the members a plate has in this run; the first record of a name wins. */
    Plate addPlate(Plate plate) {
        Plate earlier = plates.putIfAbsent(plate.name(), plate);
        return earlier != null ? earlier : plate;
    }

    /** {@return the plate of that name as this run used it, or null} */
    public @Nullable Plate plate(String name) {
        return plates.get(name);
    }

    /** {@return the site of that name, or null} */
    public @Nullable Site site(String name) {
        return sites.get(name);
    }

    /** {@return every site in sampling order} */
    public Collection<Site> sites() {
        return Collections.unmodifiableCollection(sites.values());
    }

    @Override
    public String toString() {
        return "Trace" + sites.keySet();
    }
}
