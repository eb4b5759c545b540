package dev.trellis.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import dev.trellis.processor.codegen.ProgramParts.DataKind;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The constructors of a generated SVI program. A model's binds its data: the plates' sizes from the observed sites
 * (ragged sequences, one tensor per sequence, padded and their lengths kept); a guide's takes sizes, lengths and the
 * data it reads from its model's program. Both ask the user's class for its networks, once.
 */
final class ProgramConstructors {

    private final ProgramParts parts;

    ProgramConstructors(ProgramParts parts) {
        this.parts = parts;
    }

    MethodSpec modelConstructor() {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The model conditioned on its data. Each observed site's data has one leading dimension per\n"
                        + "plate the site is in, outermost first, then the distribution's event dimensions; the data\n"
                        + "bind the plates' sizes.")
                .addJavadoc("$L", parts.shape.ragged() ? " Data along the Markov plate {@code "
                        + parts.shape.markov().orElseThrow() + "} come as one tensor per member of\nplate {@code "
                        + parts.shape.outer().orElseThrow() + "}, each with its own number of steps; the program pads "
                        + "them and masks the\npadding out of every log-density.\n\n" : "\n\n")
                .addJavadoc("@param model computes the sites' distributions; read again on every run\n")
                .addParameter(parts.userClass, "model");
        List<SiteDeclaration> data = parts.dataSites();
        for (SiteDeclaration site : data) {
            String name = Names.local(site.name());
            if (parts.dataKind(site) == DataKind.RAGGED) {
                constructor.addParameter(ParameterizedTypeName.get(ClassName.get(List.class), RuntimeNames.TENSOR), name)
                        .addJavadoc("@param $L the values of site {@code $L}: one tensor per member of plate {@code $L}, "
                                + "plates $L after it\n", name, site.name(), parts.shape.outer().orElseThrow(),
                                site.plates().subList(1, site.plates().size()));
            } else {
                constructor.addParameter(RuntimeNames.TENSOR, name)
                        .addJavadoc("@param $L the values of site {@code $L}, plates $L\n", name, site.name(),
                                site.plates());
            }
        }
        Set<String> bound = new LinkedHashSet<>();
        data.forEach(site -> bound.addAll(site.plates()));
        for (String plate : parts.usedPlates()) {
            if (bound.contains(plate)) {
                continue;
            }
            if (parts.shape.isMarkov(plate) && parts.shape.ragged()) {
                constructor.addParameter(ArrayTypeName.of(int.class), Names.lengths(plate))
                        .addJavadoc("@param $L each member's number of steps along Markov plate {@code $L}, which no "
                                + "observed site binds\n", Names.lengths(plate), plate);
            } else {
                constructor.addParameter(int.class, Names.size(plate))
                        .addJavadoc("@param $L the number of members of plate {@code $L}, which no observed site binds\n",
                                Names.size(plate), plate);
            }
        }
        constructor.addJavadoc("@throws $T naming the site if data disagree on a plate's size\n",
                RuntimeNames.SITE_EXCEPTION);
        constructor.addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model");
        List<String> ragged = new ArrayList<>();
        for (SiteDeclaration site : data) {
            if (parts.dataKind(site) == DataKind.RAGGED) {
                String name = Names.local(site.name());
                constructor.addStatement("this.$L = $T.of($S, $L)", name, RuntimeNames.RAGGED_SEQUENCES, site.name(),
                        name);
                ragged.add(name);
            }
        }
        bindPlates(constructor, data, bound);
        parts.shape.markov().filter(m -> parts.shape.ragged() && parts.usedPlates().contains(m)).ifPresent(markov -> {
            if (ragged.isEmpty()) {
                constructor.addStatement("this.$L = $L.clone()", Names.lengths(markov), Names.lengths(markov));
            } else {
                CodeBlock others = ragged.stream().skip(1).map(name -> CodeBlock.of(", this.$L", name))
                        .collect(CodeBlock.joining(""));
                constructor.addStatement("this.$L = $T.commonLengths($S, this.$L$L)", Names.lengths(markov),
                        RuntimeNames.RAGGED_SEQUENCES, markov, ragged.get(0), others);
            }
        });
        for (SiteDeclaration site : data) {
            if (parts.dataKind(site) != DataKind.RAGGED) {
                constructor.addStatement("this.$L = $L", Names.local(site.name()), Names.local(site.name()));
            }
        }
        addNetworks(constructor, "model");
        return constructor.build();
    }

    /** Binds every plate but a ragged Markov plate (whose lengths are kept instead) from the data or a given size. */
    private void bindPlates(MethodSpec.Builder constructor, List<SiteDeclaration> data, Set<String> bound) {
        List<String> sized = parts.usedPlates().stream()
                .filter(plate -> !(parts.shape.isMarkov(plate) && parts.shape.ragged())).toList();
        if (sized.isEmpty()) {
            return;
        }
        CodeBlock.Builder binding = CodeBlock.builder().add("$T plates = new $T()", RuntimeNames.PLATE_SIZES,
                RuntimeNames.PLATE_SIZES);
        for (SiteDeclaration site : data) {
            boolean ragged = parts.dataKind(site) == DataKind.RAGGED;
            CodeBlock values = ragged ? CodeBlock.of("this.$L.padded()", Names.local(site.name()))
                    : CodeBlock.of("$L", Names.local(site.name()));
            for (int i = 0; i < site.plates().size(); i++) {
                if (!(ragged && parts.shape.isMarkov(site.plates().get(i)))) {
                    binding.add("\n.bind($S, $S, $L, $L)", site.plates().get(i), site.name(), values, i);
                }
            }
        }
        for (String plate : sized) {
            if (!bound.contains(plate)) {
                binding.add("\n.bindSize($S, $L)", plate, Names.size(plate));
            }
        }
        constructor.addStatement(binding.build());
        for (String plate : sized) {
            constructor.addStatement("this.$L = plates.size($S)", Names.size(plate), plate);
        }
    }

    MethodSpec guideConstructor() {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The guide for the data {@code model} was built with.\n\n")
                .addJavadoc("@param guide computes the guide sites' distributions; read again on every run\n")
                .addJavadoc("@param model the model's program, whose data bind the plates' sizes"
                        + (parts.scaleFactors().isEmpty() ? "" : " and whose scale factors the guide's sites take")
                        + "\n")
                .addParameter(parts.userClass, "guide")
                .addParameter(parts.modelProgramClass, "model")
                .addStatement("this.guide = $T.requireNonNull(guide, $S)", Objects.class, "guide");
        if (!parts.scaleFactors().isEmpty()) {
            constructor.addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model");
        }
        for (String plate : parts.usedPlates()) {
            if (parts.shape.isMarkov(plate) && parts.shape.ragged()) {
                constructor.addStatement("this.$L = model.lengths($S)", Names.lengths(plate), plate);
            } else {
                constructor.addStatement("this.$L = model.plateSize($S)", Names.size(plate), plate);
            }
        }
        for (SiteDeclaration site : parts.dataSites()) {
            constructor.addStatement("this.$L = model.$L($S)", Names.local(site.name()),
                    parts.dataKind(site) == DataKind.RAGGED ? "observedSequences" : "observed", site.name());
        }
        addNetworks(constructor, "guide");
        return constructor.build();
    }

    /** Each network, asked for once: the program registers this module on every run. */
    private void addNetworks(MethodSpec.Builder constructor, String user) {
        for (NetworkDeclaration network : parts.program.networks()) {
            constructor.addStatement("this.$L = $T.requireNonNull($L.$L(), $S)", Names.local(network.name()),
                    Objects.class, user, network.methodName(), "@Network method " + network.methodName() + "() of "
                            + parts.userClass.simpleName() + " returned null");
        }
    }
}
