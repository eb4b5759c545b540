package dev.trellis.processor.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds a {@link ModelDeclaration} in code, as the reader would from a {@code @Model} class, for tests that run
 * without javac. Source references are strings naming the element: {@code "x()"} for site x's method, {@code
 * "x(previous)"} for its parameter, {@code "@Markov x"} for its chain annotation, {@code "class Name"} for the model.
 *
 * <pre>{@code
 * ModelBuilder.model("Hmm")
 *     .site("x", "Categorical").enumerate().markov("time").previous("previous", 1, 0)
 *     .site("y", "Categorical").observe().plates("time").reads("x")
 *     .build();
 * }</pre>
 */
public final class ModelBuilder {
    private final String name;
    private final List<SiteBuilder> sites = new ArrayList<>();
    private final List<ParamDeclaration> params = new ArrayList<>();
    private final List<NetworkDeclaration> networks = new ArrayList<>();

    private ModelBuilder(String name) {
        this.name = name;
    }

    public static ModelBuilder model(String name) {
        return new ModelBuilder(name);
    }

    /** Starts a site whose method returns the runtime family {@code family} (simple name, e.g. "Categorical"). */
    public SiteBuilder site(String site, String family) {
        var builder = new SiteBuilder(site, family);
        sites.add(builder);
        return builder;
    }

    /** Adds a {@code @Param} with a real constraint. */
    public ModelBuilder param(String param, String... plates) {
        params.add(new ParamDeclaration(param, param, "real", Arrays.asList(plates), new SourceRef("@Param " + param)));
        return this;
    }

    /** Adds a {@code @Network} of type {@code test.Nets}. */
    public ModelBuilder network(String network) {
        networks.add(new NetworkDeclaration(network, network, "test.Nets", "Nets", new SourceRef("@Network " + network)));
        return this;
    }

    public ModelDeclaration build() {
        return new ModelDeclaration("test", List.of(name), sites.stream().map(SiteBuilder::declaration).toList(),
                params, new SourceRef("class " + name), networks, List.of());
    }

    /** One {@code @Sample} method; its calls continue the model when a new site, param or build is asked for. */
    public final class SiteBuilder {
        private final String site;
        private final String family;
        private boolean observed;
        private boolean enumerated;
        private final List<String> plates = new ArrayList<>();
        private Chain chain;
        private final List<Dependency> dependencies = new ArrayList<>();

        private SiteBuilder(String site, String family) {
            this.site = site;
            this.family = family;
        }

        public SiteBuilder enumerate() {
            enumerated = true;
            return this;
        }

        public SiteBuilder observe() {
            observed = true;
            return this;
        }

        /** {@code @Plate({...})}, outermost first. */
        public SiteBuilder plates(String... names) {
            plates.addAll(Arrays.asList(names));
            return this;
        }

        public SiteBuilder markov(String over) {
            return markov(over, 1);
        }

        public SiteBuilder markov(String over, int history) {
            chain = new Chain(over, history, new SourceRef("@Markov " + site));
            return this;
        }

        /** {@code int site}: the current value of an enumerated or observed finite site. */
        public SiteBuilder reads(String read) {
            return parameter(read, read, 0, OptionalInt.empty(), ValueType.INT, "int");
        }

        /** {@code @Site("read") Tensor parameter}: a global input or a continuous value. */
        public SiteBuilder tensor(String parameter, String read) {
            return parameter(parameter, read, 0, OptionalInt.empty(), ValueType.TENSOR, "Tensor");
        }

        /** {@code @Previous(lag = lag) Integer parameter}: the site's own value, null before the start. */
        public SiteBuilder previous(String parameter, int lag) {
            return previousOf(parameter, site, lag);
        }

        /** {@code @Previous(lag = lag, initial = initial) int parameter}. */
        public SiteBuilder previous(String parameter, int lag, int initial) {
            return previousOf(parameter, site, lag, initial);
        }

        /** {@code @Previous(value = read, lag = lag) Integer parameter}. */
        public SiteBuilder previousOf(String parameter, String read, int lag) {
            return parameter(parameter, read, lag, OptionalInt.empty(), ValueType.BOXED_INT, "Integer");
        }

        /** {@code @Previous(value = read, lag = lag, initial = initial) int parameter}. */
        public SiteBuilder previousOf(String parameter, String read, int lag, int initial) {
            return parameter(parameter, read, lag, OptionalInt.of(initial), ValueType.INT, "int");
        }

        /** {@code @Previous(lag = lag, initial = initial) Tensor parameter}: the site's own earlier value. */
        public SiteBuilder previousTensor(String parameter, int lag, int initial) {
            return parameter(parameter, site, lag, OptionalInt.of(initial), ValueType.TENSOR, "Tensor");
        }

        /** {@code @Site("network") Nets parameter}: a {@code @Network} of the model. */
        public SiteBuilder network(String parameter, String network) {
            return parameter(parameter, network, 0, OptionalInt.empty(), ValueType.NETWORK, "Nets");
        }

        /** {@code double parameter}: the current value of a continuous site, as a number. */
        public SiteBuilder real(String parameter, String read) {
            return parameter(parameter, read, 0, OptionalInt.empty(), ValueType.OTHER, "double");
        }

        /** {@code @Site("plate") Plate parameter}. */
        public SiteBuilder plateArgument(String parameter, String plate) {
            return parameter(parameter, plate, 0, OptionalInt.empty(), ValueType.PLATE, "Plate");
        }

        /** A parameter of any other declared type. */
        public SiteBuilder parameter(String parameter, String read, int lag, OptionalInt initial, ValueType type,
                String typeName) {
            dependencies.add(new Dependency(parameter, read, lag, initial, type, typeName,
                    new SourceRef(site + "(" + parameter + ")")));
            return this;
        }

        public SiteBuilder site(String next, String nextFamily) {
            return ModelBuilder.this.site(next, nextFamily);
        }

        public ModelBuilder param(String param, String... paramPlates) {
            return ModelBuilder.this.param(param, paramPlates);
        }

        public ModelBuilder network(String network) {
            return ModelBuilder.this.network(network);
        }

        public ModelDeclaration build() {
            return ModelBuilder.this.build();
        }

        private SiteDeclaration declaration() {
            String qualified = Support.RUNTIME_PACKAGE + "." + family;
            boolean enumerable = family.equals("Categorical");
            var distribution = new DistributionType(qualified, family, enumerable, Support.ofFamily(qualified));
            return new SiteDeclaration(site, site, distribution, observed, enumerated, plates,
                    Optional.ofNullable(chain), dependencies, new SourceRef(site + "()"));
        }
    }
}
