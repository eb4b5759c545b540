package dev.trellis.processor.check;

import dev.trellis.processor.ir.ComputedDeclaration;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.SourceRef;
import dev.trellis.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks what a program without {@code @Enumerate} sites needs beyond a well-formed model: the shape of its chains.
 * Such a program runs a Markov plate's steps one after another, each step one batch over the members of the plate
 * around it (ragged sequences, masked past each one's end, as Pyro's {@code examples/dmm.py}); so a program has at
 * most one Markov plate, inside at most one other plate, and every site and computed value in it lists the same plate
 * around it. A guide is checked against its model's Markov plate.
 */
public final class ProgramValidator {

    private final ModelDeclaration program;
    private final ModelDeclaration model;
    private final List<Diagnostic> findings = new ArrayList<>();

    private ProgramValidator(ModelDeclaration program, ModelDeclaration model) {
        this.program = program;
        this.model = model;
    }

    /** The problems of a model's program; empty when the generator can write it. */
    public static List<Diagnostic> validateModel(ModelDeclaration model) {
        return validate(model, model);
    }

    /** The problems of a guide's program for {@code model}, whose Markov plate its steps follow. */
    public static List<Diagnostic> validateGuide(ModelDeclaration guide, ModelDeclaration model) {
        return validate(guide, model);
    }

    private static List<Diagnostic> validate(ModelDeclaration program, ModelDeclaration model) {
        var validator = new ProgramValidator(program, model);
        validator.run();
        return List.copyOf(validator.findings);
    }

    private void run() {
        if (model.markovPlates().size() > 1) {
            findings.add(Messages.markovPlateNotYet(model.source(), "chains along more than one Markov plate "
                    + model.markovPlates().keySet() + "; one Markov plate per program is supported"));
            return;
        }
        for (ComputedDeclaration computed : program.computed()) {
            for (String plate : computed.plates()) {
                if (model.sites().stream().noneMatch(site -> site.plates().contains(plate))) {
                    findings.add(Messages.computedPlateUnknown(computed.source(), computed.name(), plate));
                }
            }
        }
        Optional<String> markov = model.markovPlates().keySet().stream().findFirst();
        markov.ifPresent(this::checkMarkovPlate);
        checkSequencesParameters(markov);
    }

    private void checkMarkovPlate(String plate) {
        String firstHolder = null;
        List<String> outer = null;
        for (Holder holder : holders(plate)) {
            List<String> around = holder.plates().subList(0, holder.plates().indexOf(plate));
            if (outer == null) {
                outer = around;
                firstHolder = holder.name();
                if (around.size() > 1) {
                    findings.add(Messages.markovPlateNotYet(holder.source(), "Markov plate '" + plate + "' runs "
                            + "inside " + around.size() + " plates " + around + "; ragged sequences are supported "
                            + "inside one plate of sequences"));
                }
            } else if (!outer.equals(around)) {
                findings.add(Messages.markovPlateNesting(holder.source(), holder.name(), plate, around.toString(),
                        firstHolder, outer.toString()));
            }
        }
        for (ParamDeclaration param : program.params()) {
            if (param.plates().contains(plate)) {
                findings.add(Messages.markovPlateMisuse(param.source(), "@Param '" + param.name() + "' is in plate '"
                        + plate + "'", plate));
            }
        }
        for (Holder holder : allMethods()) {
            for (Dependency dependency : holder.dependencies()) {
                if (dependency.type() == ValueType.PLATE && dependency.site().equals(plate)) {
                    findings.add(Messages.markovPlateMisuse(dependency.source(), "parameter '"
                            + dependency.parameterName() + "' asks for plate '" + plate + "'", plate));
                }
            }
        }
    }

    /** {@code Sequences} carries ragged sequences with their lengths: only data along the Markov plate, nested. */
    private void checkSequencesParameters(Optional<String> markov) {
        for (ComputedDeclaration computed : program.computed()) {
            for (Dependency dependency : computed.dependencies()) {
                if (dependency.type() != ValueType.SEQUENCES) {
                    continue;
                }
                Optional<SiteDeclaration> data = model.site(dependency.site()).filter(SiteDeclaration::observed);
                boolean ragged = data.isPresent() && markov.isPresent()
                        && data.get().plates().indexOf(markov.get()) > 0;
                if (data.isPresent() && !ragged) {
                    findings.add(Messages.wrongParameterType(dependency.source(), dependency.parameterName(),
                            dependency.typeName(), "Tensor", "site '" + data.get().name() + "' is not a ragged "
                                    + "sequence; Sequences carries data along a Markov plate inside a plate of "
                                    + "sequences, with each sequence's length"));
                }
            }
        }
    }

    /** A site or computed value of the program: what the Markov-plate checks look at. */
    private record Holder(String name, List<String> plates, List<Dependency> dependencies, SourceRef source) {}

    private List<Holder> allMethods() {
        List<Holder> all = new ArrayList<>();
        program.sites().forEach(s -> all.add(new Holder(s.name(), s.plates(), s.dependencies(), s.source())));
        program.computed().forEach(c -> all.add(new Holder(c.name(), c.plates(), c.dependencies(), c.source())));
        return all;
    }

    /** The model's sites in the plate (they fix its layout), then the program's own sites and computed values in it. */
    private List<Holder> holders(String plate) {
        List<Holder> holders = new ArrayList<>();
        model.sites().stream().filter(s -> s.plates().contains(plate))
                .forEach(s -> holders.add(new Holder(s.name(), s.plates(), s.dependencies(), s.source())));
        if (program != model) {
            program.sites().stream().filter(s -> s.plates().contains(plate))
                    .forEach(s -> holders.add(new Holder(s.name(), s.plates(), s.dependencies(), s.source())));
        }
        allMethods().stream().skip(program.sites().size()).filter(h -> h.plates().contains(plate))
                .forEach(holders::add);
        return holders;
    }
}
