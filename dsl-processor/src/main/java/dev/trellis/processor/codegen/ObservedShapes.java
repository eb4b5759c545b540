package dev.trellis.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.trellis.processor.graph.PlateKind;
import dev.trellis.processor.graph.PlateTree;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How an observed site's values look in the generated API: the Java type of its data argument (one level per plate,
 * outermost first, then one per event dimension), and how the runtime's {@code DataLevels} describes that nesting.
 *
 * <p>A top-level plate whose subtree holds a Markov plate is a plate of sequences and takes a {@code List}, so that
 * sequences of different lengths read naturally; every other level is an array (Java arrays are ragged anyway).
 * Elements are {@code int} for a {@code Categorical} (torch's long) and {@code double} otherwise (torch's float). A
 * family whose event rank the processor does not know (a {@code Distribution} returned from {@code toEvent}, a
 * user's own class) takes a {@code Tensor} per sequence or for the whole site instead.
 */
final class ObservedShapes {

    /** Event ranks of the runtime's families that are not scalars. */
    private static final Map<String, Integer> VECTOR_FAMILIES = Map.of(
            "MultivariateNormal", 1, "OneHotCategorical", 1, "Dirichlet", 1);
    private static final List<String> SCALAR_FAMILIES = List.of(
            "Normal", "Cauchy", "StudentT", "Laplace", "LogNormal", "HalfNormal", "HalfCauchy", "Exponential",
            "Gamma", "Beta", "Uniform", "Bernoulli", "Categorical", "Binomial", "Poisson", "Geometric");

    private final PlateTree plates;

    ObservedShapes(PlateTree plates) {
        this.plates = plates;
    }

    /** {@return the event rank of the site's family, or empty when the processor cannot know it} */
    static OptionalInt eventRank(SiteDeclaration site) {
        String qualified = site.distribution().qualifiedName();
        String prefix = "dev.trellis.runtime.distributions.";
        if (!qualified.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String family = qualified.substring(prefix.length());
        if (SCALAR_FAMILIES.contains(family)) {
            return OptionalInt.of(0);
        }
        Integer rank = VECTOR_FAMILIES.get(family);
        return rank == null ? OptionalInt.empty() : OptionalInt.of(rank);
    }

    /** Whether values of the site are ints in the API (a Categorical's categories). */
    static boolean isIntValued(SiteDeclaration site) {
        return site.distribution().qualifiedName().equals("dev.trellis.runtime.distributions.Categorical");
    }

    /** Whether the site's outermost plate is a plate of sequences, which the data argument takes as a List. */
    boolean hasSequenceLevel(SiteDeclaration site) {
        if (site.plates().isEmpty()) {
            return false;
        }
        String outer = site.plates().get(0);
        return plates.plate(outer).parent() == null
                && plates.plates().stream().anyMatch(p -> p.kind() == PlateKind.MARKOV && !p.name().equals(outer)
                        && plates.encloses(outer, p.name()));
    }

    /** {@return the type of the site's data argument, e.g. {@code List<double[][]>} for hmm.py's y} */
    TypeName dataType(SiteDeclaration site) {
        OptionalInt rank = eventRank(site);
        boolean sequences = hasSequenceLevel(site);
        if (rank.isEmpty()) {
            return sequences ? ParameterizedTypeName.get(ClassName.get(List.class), RuntimeNames.TENSOR)
                    : RuntimeNames.TENSOR;
        }
        int arrayLevels = site.plates().size() + rank.getAsInt() - (sequences ? 1 : 0);
        TypeName type = arrays(isIntValued(site) ? TypeName.INT : TypeName.DOUBLE, arrayLevels);
        return sequences ? ParameterizedTypeName.get(ClassName.get(List.class), type.box()) : type;
    }

    /** {@return the type of the site's values in a {@code Simulation}: arrays throughout} */
    TypeName simulationType(SiteDeclaration site) {
        OptionalInt rank = eventRank(site);
        if (rank.isEmpty()) {
            int instanceLevels = (int) site.plates().stream()
                    .filter(p -> plates.plate(p).kind() != PlateKind.FOLDED).count();
            return arrays(RuntimeNames.TENSOR, instanceLevels);
        }
        return arrays(isIntValued(site) ? TypeName.INT : TypeName.DOUBLE, site.plates().size() + rank.getAsInt());
    }

    /**
     * {@return the runtime description of the site's nesting, e.g.
     * {@code DataLevels.of("y").plate("sequences").plate("time").folded("tones").build()}}
     */
    CodeBlock levels(SiteDeclaration site) {
        CodeBlock.Builder code = CodeBlock.builder().add("$T.of($S)", RuntimeNames.DATA_LEVELS, site.name());
        for (String plate : site.plates()) {
            code.add(plates.plate(plate).kind() == PlateKind.FOLDED ? ".folded($S)" : ".plate($S)", plate);
        }
        for (int e = 0; e < eventRank(site).orElse(0); e++) {
            code.add(".event()");
        }
        return code.add(".build()").build();
    }

    /** {@code int} with two levels is {@code int[][]}. */
    static TypeName arrays(TypeName element, int levels) {
        TypeName type = element;
        for (int i = 0; i < levels; i++) {
            type = ArrayTypeName.of(type);
        }
        return type;
    }
}
