package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.trellis.processor.ir.ComputedDeclaration;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.SiteScale;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the pieces of a generated SVI program need to know about it: the user's class (model or guide), the model it
 * belongs to, the shape of its plates, the data it holds and the scale factors it applies. Derived from the
 * declarations only, in an order that depends only on them.
 */
final class ProgramParts {

    /** How a program holds an observed site's data. */
    enum DataKind {
        /** One tensor, one leading dimension per plate; no Markov plate among them. */
        PLAIN,
        /** One tensor along a Markov plate that is not inside another plate: a single sequence. */
        SEQUENCE,
        /** One tensor per sequence of the plate around the Markov plate, held padded ({@code RaggedSequences}). */
        RAGGED
    }

    final ModelDeclaration program;
    final ModelDeclaration model;
    final ProgramShape shape;
    final boolean guide;
    final ClassName userClass;
    final ClassName programClass;
    final ClassName modelProgramClass;
    /** The field holding the user's instance: {@code model} or {@code guide}. */
    final String field;

    ProgramParts(ModelDeclaration program, ModelDeclaration model, boolean guide) {
        this.program = program;
        this.model = model;
        this.shape = ProgramShape.of(model);
        this.guide = guide;
        this.userClass = ProgramGenerator.className(program, "");
        this.programClass = ProgramGenerator.className(program, "Program");
        this.modelProgramClass = ProgramGenerator.className(model, "Program");
        this.field = guide ? "guide" : "model";
    }

    /** The observed sites whose data this program holds: a model's own, or those of its model that a guide reads. */
    List<SiteDeclaration> dataSites() {
        if (!guide) {
            return program.sites().stream().filter(SiteDeclaration::observed).toList();
        }
        Set<String> read = new LinkedHashSet<>();
        program.sites().forEach(site -> site.dependencies().forEach(d -> read.add(d.site())));
        program.computed().forEach(computed -> computed.dependencies().forEach(d -> read.add(d.site())));
        return model.sites().stream().filter(site -> site.observed() && read.contains(site.name())
                && program.site(site.name()).isEmpty()).toList();
    }

    Optional<SiteDeclaration> dataSite(String name) {
        return dataSites().stream().filter(site -> site.name().equals(name)).findFirst();
    }

    DataKind dataKind(SiteDeclaration site) {
        if (!shape.inLoop(site.plates())) {
            return DataKind.PLAIN;
        }
        return shape.ragged() ? DataKind.RAGGED : DataKind.SEQUENCE;
    }

    /** The type of the field holding a data site's values. */
    TypeName dataFieldType(SiteDeclaration site) {
        return dataKind(site) == DataKind.RAGGED ? RuntimeNames.RAGGED_SEQUENCES : RuntimeNames.TENSOR;
    }

    /** Whether some computed value reads the data site whole. */
    boolean readWhole(SiteDeclaration data) {
        return program.computed().stream().anyMatch(c -> c.dependencies().stream()
                .anyMatch(d -> !d.isPrevious() && d.site().equals(data.name())));
    }

    /** Every plate this program uses (its sites', parameters', computed values' and data's), in layout order. */
    List<String> usedPlates() {
        Set<String> used = new LinkedHashSet<>();
        program.sites().forEach(site -> used.addAll(site.plates()));
        program.params().forEach(param -> used.addAll(param.plates()));
        program.computed().forEach(computed -> used.addAll(computed.plates()));
        dataSites().forEach(site -> used.addAll(site.plates()));
        List<String> ordered = new ArrayList<>(shape.layout().plates().stream().filter(used::contains).toList());
        shape.markov().filter(used::contains).ifPresent(ordered::add);
        return ordered;
    }

    /** The plates this program runs as batch dimensions ({@code pyro.plate}s), in layout order. */
    List<String> batchPlates() {
        return shape.batchPlates(usedPlates());
    }

    /** Whether this program steps along the Markov plate (a site, a computed value or data lives in it). */
    boolean stepsAlongMarkov() {
        return shape.markov().isPresent() && usedPlates().contains(shape.markov().get());
    }

    /** Whether some site of this program runs inside the loop over the Markov plate. */
    boolean loops() {
        return program.sites().stream().anyMatch(site -> shape.inLoop(site.plates()));
    }

    /** The scale of a site: the model's own; a guide site takes its model's counterpart's. */
    Optional<SiteScale> scaleOf(SiteDeclaration site) {
        return guide ? model.site(site.name()).flatMap(SiteDeclaration::scale) : site.scale();
    }

    /** The scale factors this program's sites apply, in order of first use. */
    List<String> scaleFactors() {
        Set<String> factors = new LinkedHashSet<>();
        program.sites().forEach(site -> scaleOf(site).ifPresent(scale -> factors.add(scale.factor())));
        return List.copyOf(factors);
    }

    /** The scale factors the model declares, which its program can set. */
    List<String> modelScaleFactors() {
        Set<String> factors = new LinkedHashSet<>();
        model.sites().forEach(site -> site.scale().ifPresent(scale -> factors.add(scale.factor())));
        return List.copyOf(factors);
    }

    static ClassName networkType(NetworkDeclaration network) {
        return ClassName.bestGuess(network.typeName());
    }

    Optional<NetworkDeclaration> network(Dependency dependency) {
        return dependency.isPrevious() ? Optional.empty() : program.network(dependency.site());
    }

    Optional<ComputedDeclaration> computed(Dependency dependency) {
        return program.site(dependency.site()).isPresent() ? Optional.empty()
                : program.computedValue(dependency.site());
    }

    Optional<ParamDeclaration> param(Dependency dependency) {
        return program.site(dependency.site()).isPresent() ? Optional.empty() : program.param(dependency.site());
    }

    /** The name of the local holding a scale factor's value in a run, e.g. {@code annealingScale}. */
    static String scaleLocal(String factor) {
        return Names.local(factor) + "Scale";
    }
}
