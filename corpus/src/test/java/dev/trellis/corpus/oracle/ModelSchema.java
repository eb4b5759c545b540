package dev.trellis.corpus.oracle;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Site;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@code @Model} class read by reflection, the way the DSL's annotations define it and nothing more: its sites
 * (name, kind, plates, chain plate, what each parameter reads), its {@code @Param}s, and the plate facts of §1 of the
 * design note (the plate tree, which plates are Markov and which folded). It knows nothing of the processor.
 */
public final class ModelSchema {
    private final Class<?> modelClass;
    private final Map<String, SiteSpec> sites;        // by name, sorted
    private final Set<String> params;
    private final Map<String, String> plateParents;    // plate -> parent plate ("" for the root)
    private final Set<String> markovPlates;
    private final Set<String> foldedPlates;

    private ModelSchema(Class<?> modelClass, Map<String, SiteSpec> sites, Set<String> params) {
        this.modelClass = modelClass;
        this.sites = Collections.unmodifiableMap(sites);
        this.params = Collections.unmodifiableSet(params);
        this.plateParents = plateParents(modelClass, sites.values());
        this.markovPlates = new LinkedHashSet<>();
        for (SiteSpec site : sites.values()) {
            if (site.chainPlate() != null) {
                markovPlates.add(site.chainPlate());
            }
        }
        this.foldedPlates = foldedPlates(sites.values(), markovPlates);
    }

    /**
     * Reads a model class.
     *
     * @throws BruteForceException naming the element if the class is not a model the oracle can read (no
     *     {@code @Model}, a parameter that reads nothing, a parameter name missing because the class was compiled
     *     without {@code -parameters}, crossing plates)
     */
    public static ModelSchema read(Class<?> modelClass) {
        if (!modelClass.isAnnotationPresent(Model.class)) {
            throw new BruteForceException(modelClass.getName() + " is not annotated @Model");
        }
        Map<String, Method> sampleMethods = new TreeMap<>();
        Set<String> params = new LinkedHashSet<>();
        for (Class<?> c = modelClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                Sample sample = method.getAnnotation(Sample.class);
                if (sample != null) {
                    String name = sample.name().isEmpty() ? method.getName() : sample.name();
                    if (sampleMethods.putIfAbsent(name, method) != null) {
                        throw new BruteForceException(modelClass.getSimpleName() + ": two methods define site '" + name
                                + "'");
                    }
                }
                Param param = method.getAnnotation(Param.class);
                if (param != null) {
                    params.add(param.name().isEmpty() ? method.getName() : param.name());
                }
            }
        }
        Map<String, SiteSpec> sites = new TreeMap<>();
        sampleMethods.forEach((name, method) -> sites.put(name, site(modelClass, name, method)));
        for (SiteSpec site : sites.values()) {
            for (Dependency dependency : site.dependencies()) {
                SiteSpec target = sites.get(dependency.target());
                if (target == null && !params.contains(dependency.target())) {
                    throw new BruteForceException(modelClass.getSimpleName() + "." + site.name() + ": parameter '"
                            + dependency.parameter() + "' reads '" + dependency.target()
                            + "', which is neither a site nor a @Param of the model");
                }
                if (dependency.lag() > 0 && (target == null || target.kind() == SiteKind.LATENT)) {
                    throw new BruteForceException(modelClass.getSimpleName() + "." + site.name() + ": parameter '"
                            + dependency.parameter() + "' reads an earlier value of '" + dependency.target()
                            + "', which is not an enumerated or observed site");
                }
            }
        }
        return new ModelSchema(modelClass, sites, params);
    }

    private static SiteSpec site(Class<?> modelClass, String name, Method method) {
        method.setAccessible(true);
        boolean enumerated = method.isAnnotationPresent(Enumerate.class);
        boolean observed = method.isAnnotationPresent(Observed.class);
        if (enumerated && observed) {
            throw new BruteForceException(modelClass.getSimpleName() + "." + name
                    + " is both @Enumerate and @Observed");
        }
        SiteKind kind = enumerated ? SiteKind.ENUMERATED : observed ? SiteKind.OBSERVED : SiteKind.LATENT;
        List<String> plates = new ArrayList<>();
        Plate plate = method.getAnnotation(Plate.class);
        if (plate != null) {
            plates.addAll(List.of(plate.value()));
        }
        Markov markov = method.getAnnotation(Markov.class);
        String chainPlate = markov == null ? null : markov.over();
        if (chainPlate != null && (plates.isEmpty() || !plates.get(plates.size() - 1).equals(chainPlate))) {
            plates.add(chainPlate);   // a chain is inside its Markov plate, innermost
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            dependencies.add(dependency(modelClass, name, parameter));
        }
        return new SiteSpec(name, method, kind, plates, chainPlate, dependencies);
    }

    private static Dependency dependency(Class<?> modelClass, String site, Parameter parameter) {
        Previous previous = parameter.getAnnotation(Previous.class);
        Site named = parameter.getAnnotation(Site.class);
        String target;
        if (previous != null && !previous.value().isEmpty()) {
            target = previous.value();
        } else if (named != null) {
            target = named.value();
        } else if (previous != null) {
            target = site;   // @Previous without a name reads the site's own earlier value
        } else {
            if (!parameter.isNamePresent()) {
                throw new BruteForceException(modelClass.getSimpleName() + "." + site + ": parameter names are not in "
                        + "the class file; compile the model with -parameters or name the dependency with @Site");
            }
            target = parameter.getName();
        }
        int lag = previous == null ? 0 : previous.lag();
        if (previous != null && lag < 1) {
            throw new BruteForceException(modelClass.getSimpleName() + "." + site + ": parameter '"
                    + parameter.getName() + "' has @Previous(lag = " + lag + "); lags start at 1");
        }
        Integer initial = previous == null || previous.initial().length == 0 ? null : previous.initial()[0];
        return new Dependency(parameter.getName(), parameter.getType(), target, lag, initial);
    }

    /** A plate's parent is the plate listed just before it; a plate listed first is a child of the root (""). */
    private static Map<String, String> plateParents(Class<?> modelClass, Iterable<SiteSpec> sites) {
        Map<String, String> parents = new HashMap<>();
        for (SiteSpec site : sites) {
            for (int i = 0; i < site.plates().size(); i++) {
                String plate = site.plates().get(i);
                String parent = i == 0 ? "" : site.plates().get(i - 1);
                String known = parents.putIfAbsent(plate, parent);
                if (known != null && !known.equals(parent)) {
                    throw new BruteForceException(modelClass.getSimpleName() + ": plates cross: '" + plate
                            + "' is nested under '" + known + "' by one site and under '" + parent + "' by '"
                            + site.name() + "'");
                }
            }
        }
        return parents;
    }

    /** Folded: every site in the plate is observed and no chain runs along it (§1). */
    private static Set<String> foldedPlates(Iterable<SiteSpec> sites, Set<String> markovPlates) {
        Map<String, Boolean> onlyObserved = new HashMap<>();
        for (SiteSpec site : sites) {
            for (String plate : site.plates()) {
                onlyObserved.merge(plate, site.kind() == SiteKind.OBSERVED, Boolean::logicalAnd);
            }
        }
        Set<String> folded = new LinkedHashSet<>();
        onlyObserved.forEach((plate, observed) -> {
            if (observed && !markovPlates.contains(plate)) {
                folded.add(plate);
            }
        });
        return folded;
    }

    /** {@return the model class} */
    public Class<?> modelClass() {
        return modelClass;
    }

    /** {@return every site, sorted by name} */
    public List<SiteSpec> sites() {
        return List.copyOf(sites.values());
    }

    /** {@return the sites of one kind, sorted by name} */
    public List<SiteSpec> sites(SiteKind kind) {
        return sites.values().stream().filter(s -> s.kind() == kind).toList();
    }

    /** {@return the site, or null} */
    public SiteSpec site(String name) {
        return sites.get(name);
    }

    /** {@return the names of the {@code @Param}s} */
    public Set<String> params() {
        return params;
    }

    /** {@return whether a chain runs along the plate} */
    public boolean isMarkov(String plate) {
        return markovPlates.contains(plate);
    }

    /** {@return whether the plate is folded: vectorised inside its observations, not a set of instances} */
    public boolean isFolded(String plate) {
        return foldedPlates.contains(plate);
    }

    /** {@return the plate's parent plate, or null for a child of the root} */
    public String parent(String plate) {
        String parent = plateParents.get(plate);
        return parent == null || parent.isEmpty() ? null : parent;
    }

    /**
     * {@return the site's non-folded plates, outermost first} Folded plates form the tail of a site's plates (a
     * folded plate's children hold only observed sites too).
     */
    public List<String> instancePlates(SiteSpec site) {
        List<String> plates = new ArrayList<>();
        boolean folded = false;
        for (String plate : site.plates()) {
            if (isFolded(plate)) {
                folded = true;
            } else if (folded) {
                throw new BruteForceException(modelClass.getSimpleName() + "." + site.name() + ": plate '" + plate
                        + "' is nested inside a folded plate but is not folded itself");
            } else {
                plates.add(plate);
            }
        }
        return plates;
    }

    /** {@return the site's folded plates, outermost first} */
    public List<String> foldedPlates(SiteSpec site) {
        return site.plates().stream().filter(this::isFolded).toList();
    }

    /** {@return the innermost non-folded plate of the site, where its instances live; null for the root} */
    public String nodePlate(SiteSpec site) {
        List<String> plates = instancePlates(site);
        return plates.isEmpty() ? null : plates.get(plates.size() - 1);
    }
}
