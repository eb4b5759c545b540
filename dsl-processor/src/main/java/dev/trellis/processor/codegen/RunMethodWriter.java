package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.trellis.processor.codegen.ProgramParts.DataKind;
import dev.trellis.processor.ir.ComputedDeclaration;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.SiteScale;
import dev.trellis.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes a generated program's {@code run}: the batch plates, the networks registered with {@code context.module},
 * the parameters, the scale factors of this run, this run's data and computed values, the sites outside the Markov
 * plate in dependency order, then one loop over the Markov plate's steps whose body draws (or observes) each of its
 * sites once, as {@code z_1}, {@code z_2}, ... Why a loop and not one vectorised site: a chain's step t reads step
 * t - 1's value, which only exists once that step is drawn (Pyro's {@code pyro.markov} loop in its DMM).
 *
 * <p>Ragged sequences run as one batch per step over the plate of sequences, each site masked where a sequence has
 * ended ({@code RaggedSteps}); earlier values are carried in locals {@code zLag1, zLag2, ...} and handed to the user's
 * methods through per-step copies, which lambdas may capture. A site's method gets only the rows of the sequences
 * that have the step ({@code ActiveMembers.rows}, nothing cut when all have it) and its distribution is made whole
 * again by {@code ActiveMembers.inPlates}: the values in the trace keep the whole plate's shape, the finished rows
 * masked out and, in a draw, holding the site's value one step earlier.
 *
 * <p>A model's site of a ragged chain whose arguments are either rows of the plate of sequences or the same at every
 * step also gets a {@code ChainSteps}, made before the loop with the method on stacked rows: when the run replays a
 * guide's trace, each step hands it its rows and value, and the site is scored over all steps at once; in every
 * other run it is null and each step runs the method itself ({@link #stacksSteps}).
 */
final class RunMethodWriter {

    private final ProgramParts parts;
    private final ModelDeclaration program;
    private final ProgramShape shape;
    private final MethodSpec.Builder run = MethodSpec.methodBuilder("run")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(RuntimeNames.SAMPLE_CONTEXT, "context");

    /** The locals of active rows the loop's body has declared so far (see {@link #activeArgument}). */
    private final Set<String> activeRows = new LinkedHashSet<>();

    RunMethodWriter(ProgramParts parts) {
        this.parts = parts;
        this.program = parts.program;
        this.shape = parts.shape;
    }

    MethodSpec run() {
        for (String plate : parts.batchPlates()) {
            run.addStatement("$T $L = context.plate($S, $L, $L)", RuntimeNames.PLATE, Names.plate(plate), plate,
                    Names.size(plate), shape.layout().dim(plate));
        }
        for (NetworkDeclaration network : program.networks()) {
            run.addStatement("$T $L = context.module($S, this.$L)", ProgramParts.networkType(network),
                    Names.local(network.name()), network.name(), Names.local(network.name()));
        }
        for (ParamDeclaration param : program.params()) {
            CodeBlock value = CodeBlock.of("context.param($S, () -> $L.$L(), $L)", param.name(), parts.field,
                    param.methodName(), ProgramGenerator.constraintField(param));
            run.addStatement("$T $L = $L", RuntimeNames.TENSOR, Names.local(param.name()),
                    alignedMembers(param.name(), value, param.plates()));
        }
        for (String factor : parts.scaleFactors()) {
            run.addStatement("double $L = $L", ProgramParts.scaleLocal(factor),
                    parts.guide ? CodeBlock.of("model.scale($S)", factor)
                            : CodeBlock.of("this.$L", ProgramParts.scaleLocal(factor)));
        }
        if (parts.stepsAlongMarkov()) {
            declareSteps(shape.markov().orElseThrow());
        }
        for (SiteDeclaration data : parts.dataSites()) {
            declareRunData(data);
        }
        for (ComputedDeclaration computed : program.computed()) {
            compute(computed);
        }
        List<SiteDeclaration> order = SiteOrder.topological(program);
        for (SiteDeclaration site : order) {
            if (!shape.inLoop(site.plates())) {
                writeSite(site, false);
            }
        }
        if (parts.loops()) {
            writeLoop(order.stream().filter(site -> shape.inLoop(site.plates())).toList());
        }
        return run.build();
    }

    private void declareSteps(String markov) {
        if (shape.ragged()) {
            run.addStatement("$T $L = $T.of($L, $L)", RuntimeNames.RAGGED_STEPS, Names.steps(markov),
                    RuntimeNames.RAGGED_STEPS, Names.lengths(markov), Names.plate(shape.outer().orElseThrow()));
            run.addStatement("int $L = $L.steps()", Names.count(markov), Names.steps(markov));
        } else {
            run.addStatement("int $L = $L", Names.count(markov), Names.size(markov));
        }
    }

    /**
     * This run's members of a data site: whole for the computed values that read it and, along the Markov plate, for
     * the steps to slice; a guide's data in batch plates alone also aligned, as its sites read it.
     */
    private void declareRunData(SiteDeclaration data) {
        String name = Names.local(data.name());
        DataKind kind = parts.dataKind(data);
        if (kind == DataKind.RAGGED) {
            CodeBlock members = CodeBlock.of("this.$L.members($L)", name, Names.plate(shape.outer().orElseThrow()));
            for (int axis = 2; axis < data.plates().size(); axis++) {
                members = CodeBlock.of("$L.members($L, $L)", members, axis, Names.plate(data.plates().get(axis)));
            }
            run.addStatement("$T $LData = $L", RuntimeNames.SEQUENCES, name, members);
            return;
        }
        if (kind == DataKind.SEQUENCE || parts.readWhole(data)) {
            run.addStatement("$T $LData = $L", RuntimeNames.TENSOR, name,
                    members(CodeBlock.of("this.$L", name), data.plates()));
        }
        if (kind == DataKind.PLAIN && parts.guide && readBySite(data.name())) {
            run.addStatement("$T $L = $L", RuntimeNames.TENSOR, name,
                    alignedMembers(data.name(), CodeBlock.of("this.$L", name), data.plates()));
        }
    }

    private void compute(ComputedDeclaration computed) {
        String name = Names.local(computed.name());
        List<String> args = new ArrayList<>();
        for (Dependency dependency : computed.dependencies()) {
            args.add(computedArgument(dependency));
        }
        List<String> leading = new ArrayList<>();
        for (String plate : computed.plates()) {
            leading.add(shape.isMarkov(plate) ? Names.count(plate) : Names.plate(plate) + ".subsampleSize()");
        }
        run.addCode("// computed value '$L'$L\n", computed.name(),
                computed.plates().isEmpty() ? "" : ", in plates " + computed.plates());
        run.addStatement("$T $L = $T.computed($S, () -> $L.$L($L)$L)", RuntimeNames.TENSOR, name,
                RuntimeNames.PROGRAM_SUPPORT, computed.name(), parts.field, computed.methodName(),
                String.join(", ", args), leading.stream().map(s -> ", " + s).reduce("", String::concat));
        if (!shape.inLoop(computed.plates()) && !computed.plates().isEmpty() && readBySite(computed.name())) {
            run.addStatement("$T $LAligned = $T.align($S, $L$L)", RuntimeNames.TENSOR, name,
                    RuntimeNames.PROGRAM_SUPPORT, computed.name(), name, dimsArgs(computed.plates()));
        }
    }

    private String computedArgument(Dependency dependency) {
        if (dependency.type() == ValueType.PLATE) {
            return Names.plate(dependency.site());
        }
        Optional<NetworkDeclaration> network = parts.network(dependency);
        if (network.isPresent()) {
            return Names.local(network.get().name());
        }
        Optional<SiteDeclaration> data = program.site(dependency.site()).or(() -> parts.dataSite(dependency.site()));
        if (data.isPresent()) {
            String local = Names.local(data.get().name()) + "Data";
            boolean ragged = parts.dataKind(data.get()) == DataKind.RAGGED;
            return ragged && dependency.type() != ValueType.SEQUENCES
                    ? local + ".values()" : local;
        }
        return Names.local(parts.param(dependency).orElseThrow().name());
    }

    private void writeLoop(List<SiteDeclaration> sites) {
        String markov = shape.markov().orElseThrow();
        Map<String, Integer> lags = previousReads();
        run.addCode("// plate '$L': a Markov chain, one step after another; step t's sites are named <site>_t\n",
                markov);
        lags.forEach((site, lag) -> {
            for (int k = 1; k <= lag; k++) {
                run.addStatement("$T $L = null", RuntimeNames.TENSOR, lagLocal(site, k));
            }
        });
        List<String> fillers = sites.stream().filter(site -> onActiveRows(site) && !site.observed()
                && !lags.containsKey(site.name())).map(SiteDeclaration::name).toList();
        for (String site : fillers) {
            run.addStatement("$T $L = null", RuntimeNames.TENSOR, lagLocal(site, 1));
        }
        for (SiteDeclaration site : sites) {
            if (stacksSteps(site)) {
                declareStacked(site);
            }
        }
        run.beginControlFlow("for (int step = 1; step <= $L; step++)", Names.count(markov));
        if (shape.ragged()) {
            run.addStatement("$T $L = $L.mask(step - 1, $L)", RuntimeNames.TENSOR, Names.mask(markov),
                    Names.steps(markov), shape.layout().dim(shape.outer().orElseThrow()));
        }
        if (sites.stream().anyMatch(this::onActiveRows)) {
            run.addStatement("$T $L = $L.active(step - 1)", RuntimeNames.ACTIVE_MEMBERS, Names.active(markov),
                    Names.steps(markov));
        }
        activeRows.clear();
        lags.forEach((site, lag) -> {
            for (int k = 1; k <= lag; k++) {
                run.addStatement("$T $L = $L", RuntimeNames.TENSOR, previousLocal(site, k), lagLocal(site, k));
            }
        });
        for (ComputedDeclaration computed : program.computed()) {
            if (shape.inLoop(computed.plates()) && readBySite(computed.name())) {
                run.addStatement("$T $LStep = $L", RuntimeNames.TENSOR, Names.local(computed.name()),
                        stepValue(computed.name(), CodeBlock.of("$L.select($L, step - 1)", Names.local(computed.name()),
                                shape.markovAxis(computed.plates())), computed.plates()));
            }
        }
        if (parts.guide) {
            for (SiteDeclaration data : parts.dataSites()) {
                if (parts.dataKind(data) != DataKind.PLAIN && readBySite(data.name())) {
                    run.addStatement("$T $L = $L", RuntimeNames.TENSOR, Names.local(data.name()), dataStep(data));
                }
            }
        }
        for (SiteDeclaration site : sites) {
            writeSite(site, true);
        }
        lags.forEach((site, lag) -> {
            for (int k = lag; k > 1; k--) {
                run.addStatement("$L = $L", lagLocal(site, k), lagLocal(site, k - 1));
            }
            run.addStatement("$L = $L", lagLocal(site, 1), Names.local(site));
        });
        for (String site : fillers) {
            run.addStatement("$L = $L", lagLocal(site, 1), Names.local(site));
        }
        run.endControlFlow();
    }

    private void writeSite(SiteDeclaration site, boolean inLoop) {
        String value = Names.local(site.name());
        String distribution = value + "Distribution";
        List<String> batch = shape.batchPlates(site.plates());
        run.addCode("// site '$L': $L$L$L\n", site.name(), site.observed() ? "observed" : "latent",
                site.chain().map(c -> ", a chain along '" + c.over() + "'").orElse(""),
                batch.isEmpty() ? "" : ", in plates " + batch);
        boolean onActive = inLoop && onActiveRows(site);
        List<CodeBlock> args = new ArrayList<>();
        for (Dependency dependency : site.dependencies()) {
            args.add(onActive ? activeArgument(dependency) : siteArgument(dependency));
        }
        CodeBlock where = inLoop ? CodeBlock.of("$S + step", shape.markov().orElseThrow() + " step ")
                : CodeBlock.of("$S", "");
        CodeBlock call = SiteCallWriter.checked(parts.field, site,
                CodeBlock.of("$L.$L($L)", parts.field, site.methodName(), CodeBlock.join(args, ", ")));
        boolean stacked = inLoop && stacksSteps(site);
        if (stacked) {
            List<String> rows = site.dependencies().stream().filter(this::batchedAlongOuter)
                    .map(this::activeRowsLocal).toList();
            run.addStatement("$T $L = $T.evaluate($L, step, $L, $S, $L, () -> $L, $L)", RuntimeNames.DISTRIBUTION,
                    distribution, RuntimeNames.CHAIN_STEPS, stackedLocal(site),
                    Names.active(shape.markov().orElseThrow()), site.name(), where, call, String.join(", ", rows));
        } else {
            run.addStatement("$T $L = $T.evaluate($S, $L, () -> $L)",
                    ClassName.bestGuess(site.distribution().qualifiedName()), distribution, RuntimeNames.SITE_CALLS,
                    site.name(), where, call);
        }
        CodeBlock name = inLoop ? CodeBlock.of("$S + step", site.name() + "_") : CodeBlock.of("$S", site.name());
        CodeBlock shaped = onActive
                ? CodeBlock.of("$L.inPlates($S, $L, $L, $L, $L$L)", Names.active(shape.markov().orElseThrow()),
                        site.name(), where, distribution, site.observed() ? "null" : lagLocal(site.name(), 1),
                        shape.layout().dim(shape.outer().orElseThrow()), batchShapeArgs(batch))
                : CodeBlock.of("$T.inPlates($S, $L$L)", RuntimeNames.PROGRAM_SUPPORT, site.name(), distribution,
                        batchShapeArgs(batch));
        CodeBlock options = options(site, inLoop);
        CodeBlock plates = CodeBlock.of("$L", batch.stream().map(p -> ", " + Names.plate(p)).reduce("", String::concat));
        boolean filled = onActive && !site.observed();   // its value fills the finished rows of the next step
        CodeBlock assign = readBySite(site.name()) || filled ? CodeBlock.of("$T $L = ", RuntimeNames.TENSOR, value)
                : CodeBlock.of("");
        if (site.observed()) {
            CodeBlock data = inLoop ? dataStep(site)
                    : alignedMembers(site.name(), CodeBlock.of("this.$L", value), site.plates());
            if (stacked) {
                // the step's data, kept: the stacked scoring recognises the value the trace holds
                run.addStatement("$T $LObserved = $L", RuntimeNames.TENSOR, value, data);
                data = CodeBlock.of("$LObserved", value);
            }
            run.addStatement("$Lcontext.observe($L, $L, $L$L$L)", assign, name, shaped, data, options, plates);
            if (stacked) {
                run.addStatement("$T.value($L, $L, $L)", RuntimeNames.CHAIN_STEPS, stackedLocal(site), distribution,
                        data);
            }
        } else {
            run.addStatement("$Lcontext.sample($L, $L$L$L)", assign, name, shaped, options, plates);
            if (stacked) {
                run.addStatement("$T.value($L, $L, $L)", RuntimeNames.CHAIN_STEPS, stackedLocal(site), distribution,
                        value);
            }
        }
    }

    /**
     * Whether a model's site of a ragged chain may be scored over all steps at once when the run replays a guide: it
     * runs on the active rows with a batch of that plate alone and reads at least one value batched along it, with the
     * plate's rows first. Its other arguments are the same at every step (networks, parameters, values outside the
     * Markov plate): every value along the Markov plate sits in the plate of sequences too (TRELLIS-068). A guide
     * draws step by step, each step from the one before, so its sites never stack.
     */
    private boolean stacksSteps(SiteDeclaration site) {
        if (parts.guide || !onActiveRows(site)
                || !shape.batchPlates(site.plates()).equals(List.of(shape.outer().orElseThrow()))
                || shape.layout().batchRank(List.of(shape.outer().orElseThrow())) != 1) {
            return false;
        }
        List<Dependency> rows = site.dependencies().stream().filter(this::batchedAlongOuter).toList();
        return !rows.isEmpty() && rows.stream().allMatch(dependency -> rowsAxis(dependency) == 0);
    }

    /**
     * Before the loop: a stacked site's {@code ChainSteps}, with its method on stacked rows ({@code rows[i]} for the
     * i-th argument batched along the plate of sequences; the others as every step passes them).
     */
    private void declareStacked(SiteDeclaration site) {
        List<CodeBlock> args = new ArrayList<>();
        int row = 0;
        for (Dependency dependency : site.dependencies()) {
            args.add(batchedAlongOuter(dependency) ? CodeBlock.of("rows[$L]", row++) : siteArgument(dependency));
        }
        CodeBlock call = SiteCallWriter.checked(parts.field, site,
                CodeBlock.of("$L.$L($L)", parts.field, site.methodName(), CodeBlock.join(args, ", ")));
        run.addCode("// site '$L' on every step's rows at once, when this run replays a guide's trace\n", site.name());
        run.addStatement("$T $L = $T.of(context, $S, rows -> $L)", RuntimeNames.CHAIN_STEPS, stackedLocal(site),
                RuntimeNames.CHAIN_STEPS, site.name(), call);
    }

    private static String stackedLocal(SiteDeclaration site) {
        return Names.local(site.name()) + "Stacked";
    }

    /**
     * The plate of sequences' axis among a value's dimensions: its batch dims (to the outermost plate), then its
     * event.
     */
    private int rowsAxis(Dependency dependency) {
        return shape.layout().batchRank(shape.batchPlates(valuePlates(dependency)))
                + shape.layout().dim(shape.outer().orElseThrow());
    }

    /** The local {@link #activeArgument} declares for a dependency's active rows (null before a chain's start). */
    private String activeRowsLocal(Dependency dependency) {
        String value = dependency.isPrevious() ? previousLocal(dependency.site(), dependency.lag())
                : siteArgumentName(dependency).toString();
        return value + "Active";
    }

    /** {@code , options} for a site with a scale factor or, in a ragged chain, the step's mask; empty otherwise. */
    private CodeBlock options(SiteDeclaration site, boolean inLoop) {
        Optional<SiteScale> scale = parts.scaleOf(site);
        boolean masked = inLoop && shape.ragged();
        String mask = masked ? Names.mask(shape.markov().orElseThrow()) : null;
        if (scale.isPresent() && masked) {
            return CodeBlock.of(", new $T($L, $L)", RuntimeNames.SITE_OPTIONS,
                    ProgramParts.scaleLocal(scale.get().factor()), mask);
        }
        if (scale.isPresent()) {
            return CodeBlock.of(", $T.scaled($L)", RuntimeNames.SITE_OPTIONS,
                    ProgramParts.scaleLocal(scale.get().factor()));
        }
        if (masked) {
            return CodeBlock.of(", new $T(1.0, $L)", RuntimeNames.SITE_OPTIONS, mask);
        }
        return CodeBlock.of("");
    }

    private CodeBlock siteArgument(Dependency dependency) {
        return CodeBlock.of("$L", siteArgumentName(dependency));
    }

    private Object siteArgumentName(Dependency dependency) {
        if (dependency.type() == ValueType.PLATE && !dependency.isPrevious()) {
            return Names.plate(dependency.site());
        }
        Optional<NetworkDeclaration> network = parts.network(dependency);
        if (network.isPresent()) {
            return Names.local(network.get().name());
        }
        if (dependency.isPrevious()) {
            String previous = previousLocal(dependency.site(), dependency.lag());
            // before the chain's first step there is no earlier value: null, or the initial value asked for
            return dependency.initial().isEmpty() ? previous : CodeBlock.of("($L != null ? $L : $T.scalar($L))",
                    previous, previous, RuntimeNames.TENSOR, dependency.initial().getAsInt());
        }
        if (program.site(dependency.site()).isPresent() || parts.dataSite(dependency.site()).isPresent()) {
            return Names.local(dependency.site());
        }
        Optional<ComputedDeclaration> computed = parts.computed(dependency);
        if (computed.isPresent()) {
            String local = Names.local(computed.get().name());
            if (shape.inLoop(computed.get().plates())) {
                return local + "Step";
            }
            return computed.get().plates().isEmpty() ? local : local + "Aligned";
        }
        return Names.local(parts.param(dependency).orElseThrow().name());
    }

    /**
     * Whether a site of a ragged chain's loop runs its method on the sequences that have the step only: it sits in the
     * plate of sequences, and every argument batched along that plate is a tensor (whose rows can be cut) and none is
     * the plate itself (whose size the method could build shapes from). Otherwise the method gets the whole plate,
     * padding included, as before; the choice is made here, at compile time. (Programs with {@code @Enumerate}
     * sites are written by {@link EnumeratedProgramGenerator}, not here, and SVI runs particles one after another, so
     * no value has dimensions left of the plates'.)
     */
    private boolean onActiveRows(SiteDeclaration site) {
        if (!shape.ragged() || !shape.inLoop(site.plates())) {
            return false;
        }
        String outer = shape.outer().orElseThrow();
        if (!site.plates().contains(outer)) {
            return false;
        }
        for (Dependency dependency : site.dependencies()) {
            if (dependency.type() == ValueType.PLATE && !dependency.isPrevious() && dependency.site().equals(outer)) {
                return false;
            }
            if (dependency.type() != ValueType.TENSOR && batchedAlongOuter(dependency)) {
                return false;
            }
        }
        return true;
    }

    /** The plates of what a dependency reads, when its value is batched along them; empty otherwise. */
    private List<String> valuePlates(Dependency dependency) {
        if (dependency.type() == ValueType.PLATE && !dependency.isPrevious() || parts.network(dependency).isPresent()) {
            return List.of();
        }
        Optional<SiteDeclaration> site = program.site(dependency.site()).or(() -> parts.dataSite(dependency.site()));
        if (site.isPresent()) {
            return site.get().plates();
        }
        Optional<ComputedDeclaration> computed = parts.computed(dependency);
        if (computed.isPresent()) {
            return computed.get().plates();
        }
        return parts.param(dependency).map(ParamDeclaration::plates).orElse(List.of());
    }

    private boolean batchedAlongOuter(Dependency dependency) {
        return valuePlates(dependency).contains(shape.outer().orElseThrow());
    }

    /**
     * An argument of a site that runs on the active sequences: a value batched along the plate of sequences cut to
     * the active rows (once per step: a local {@code <value>Active}), anything else as it is.
     */
    private CodeBlock activeArgument(Dependency dependency) {
        if (!batchedAlongOuter(dependency)) {
            return siteArgument(dependency);
        }
        String value = dependency.isPrevious() ? previousLocal(dependency.site(), dependency.lag())
                : siteArgumentName(dependency).toString();
        String rows = activeRowsLocal(dependency);
        if (activeRows.add(rows)) {
            int axis = rowsAxis(dependency);
            run.addStatement("$T $L = $L.rows($L, $L)", RuntimeNames.TENSOR, rows,
                    Names.active(shape.markov().orElseThrow()), value, axis);
        }
        if (dependency.isPrevious() && dependency.initial().isPresent()) {
            return CodeBlock.of("($L != null ? $L : $T.scalar($L))", rows, rows, RuntimeNames.TENSOR,
                    dependency.initial().getAsInt());
        }
        return CodeBlock.of("$L", rows);
    }

    /** A data site's values at this step of the loop, laid out along its batch plates' dims. */
    private CodeBlock dataStep(SiteDeclaration data) {
        String local = Names.local(data.name()) + "Data";
        CodeBlock slice = parts.dataKind(data) == DataKind.RAGGED ? CodeBlock.of("$L.step(step - 1)", local)
                : CodeBlock.of("$L.select($L, step - 1)", local, shape.markovAxis(data.plates()));
        return stepValue(data.name(), slice, data.plates());
    }

    private CodeBlock stepValue(String name, CodeBlock slice, List<String> plates) {
        List<String> batch = shape.batchPlates(plates);
        return batch.isEmpty() ? slice : CodeBlock.of("$T.align($S, $L$L)", RuntimeNames.PROGRAM_SUPPORT, name,
                slice, dimsArgs(batch));
    }

    /** For each site some site reads with {@code @Previous}, the largest lag read. */
    private Map<String, Integer> previousReads() {
        Map<String, Integer> lags = new LinkedHashMap<>();
        for (SiteDeclaration site : program.sites()) {
            for (Dependency dependency : site.dependencies()) {
                if (dependency.isPrevious()) {
                    lags.merge(dependency.site(), dependency.lag(), Math::max);
                }
            }
        }
        return lags;
    }

    private static String lagLocal(String site, int lag) {
        return Names.local(site) + "Lag" + lag;
    }

    private static String previousLocal(String site, int lag) {
        return Names.local(site) + "Previous" + lag;
    }

    /**
     * Whether some site of the program reads this name (a site, now or at a later step; data; a computed value), so
     * that it needs a local.
     */
    private boolean readBySite(String name) {
        Set<String> read = new LinkedHashSet<>();
        for (SiteDeclaration site : program.sites()) {
            for (Dependency dependency : site.dependencies()) {
                read.add(dependency.site());
            }
        }
        return read.contains(name);
    }

    /** A tensor with one leading dimension per plate cut to this run's members (the Markov plate's kept whole). */
    private CodeBlock members(CodeBlock tensor, List<String> plates) {
        CodeBlock members = tensor;
        for (int axis = 0; axis < plates.size(); axis++) {
            if (!shape.isMarkov(plates.get(axis))) {
                members = CodeBlock.of("$T.members($L, $L, $L)", RuntimeNames.PROGRAM_SUPPORT, members, axis,
                        Names.plate(plates.get(axis)));
            }
        }
        return members;
    }

    /**
     * A tensor with one leading dimension per plate (no Markov plate), cut to this run's members of each plate and
     * laid out along the plates' dims; the tensor itself when it is in no plate.
     */
    private CodeBlock alignedMembers(String name, CodeBlock tensor, List<String> plates) {
        if (plates.isEmpty()) {
            return tensor;
        }
        return CodeBlock.of("$T.align($S, $L$L)", RuntimeNames.PROGRAM_SUPPORT, name, members(tensor, plates),
                dimsArgs(plates));
    }

    /** {@code , usersSize, 1} for a site in plate users at dim -2: the batch shape as varargs. */
    private String batchShapeArgs(List<String> plates) {
        int rank = shape.layout().batchRank(plates);
        List<String> sizes = new ArrayList<>();
        for (int position = 0; position < rank; position++) {
            int dim = position - rank;
            String size = "1";
            for (String plate : plates) {
                if (shape.layout().dim(plate) == dim) {
                    size = Names.plate(plate) + ".subsampleSize()";
                }
            }
            sizes.add(size);
        }
        return sizes.stream().map(size -> ", " + size).reduce("", String::concat);
    }

    private String dimsArgs(List<String> plates) {
        return plates.stream().map(p -> ", " + shape.layout().dim(p)).reduce("", String::concat);
    }
}
