package dev.trellis.processor.plan;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.Plate;
import dev.trellis.processor.graph.PlateKind;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.graph.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Plans tensor variable elimination over a {@link PlatedFactorGraph} (design note §3): tabulate every table factor
 * (once per boundary variant), observe every evidence factor, then visit the plate tree in post-order. At an
 * instance node the node's variables are summed out one {@code Contract} at a time in the {@link GreedyOrder} and
 * what remains is multiplied over the node's instances into its parent; at a Markov node each connected group of
 * tables that reads a variable at an earlier step becomes a {@code Scan} (see {@link ScanPlanner}) and the rest is
 * treated as at an instance node. The root's scalars are the {@code Result}. Plain Java; no refusal here but the
 * table-size limit (TRELLIS-050): the graph builder has refused what exact elimination cannot do.
 */
public final class EliminationPlanner {
    private final PlatedFactorGraph graph;
    private final List<PlanStep> steps = new ArrayList<>();
    private final List<EliminationPlan.DomainSource> domains = new ArrayList<>();
    private final TableNames names = new TableNames();
    private final Map<TableRef, List<VarUse>> axes = new HashMap<>();
    private final Map<TableRef, PlanStep.Tabulate> tabulations = new HashMap<>();
    /** Node (null: the root) -> the tables waiting to be eliminated there, in order of creation. */
    private final Map<String, List<TableRef>> pending = new HashMap<>();

    private EliminationPlanner(PlatedFactorGraph graph) {
        this.graph = graph;
    }

    /** The outcome: a plan, or the reasons there is none. */
    public record Result(Optional<EliminationPlan> plan, List<Diagnostic> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Plans the elimination of {@code graph}'s variables. Every graph the builder accepts plans, unless some table
     * would have more than {@code options.maxFactorVariables()} axes (TRELLIS-050, on the model class, naming the
     * largest such table's variables).
     */
    public static Result plan(PlatedFactorGraph graph, PlannerOptions options) {
        var planner = new EliminationPlanner(graph);
        planner.run();
        var plan = new EliminationPlan(graph, planner.domains, planner.steps, PlanCostModel.cost(planner.steps));
        Optional<PlanCost.Table> tooLarge = PlanCostModel.tables(planner.steps).stream()
                .filter(t -> t.axes().size() > options.maxFactorVariables())
                .reduce((a, b) -> b.axes().size() > a.axes().size() ? b : a);
        if (tooLarge.isPresent()) {
            List<String> variables = tooLarge.get().axes().stream().map(VarUse::name).toList();
            return new Result(Optional.empty(), List.of(Messages.factorTooLarge(graph.model().source(), variables,
                    options.maxFactorVariables())));
        }
        return new Result(Optional.of(plan), List.of());
    }

    private void run() {
        List<Variable> learning = learningOrder();
        for (Variable v : learning) {
            TableRef first = tabulate(graph.tableOf(v), 0);
            domains.add(new EliminationPlan.DomainSource(v, first));
        }
        for (Variable v : learning) {
            Factor factor = graph.tableOf(v);
            for (int variant = 1; variant <= factor.maxLag(); variant++) {
                tabulate(factor, variant);
            }
        }
        for (Factor factor : graph.factors()) {
            if (factor.kind() == Factor.Kind.EVIDENCE) {
                TableRef out = table(factor.name() + "Evidence", factor.node(), factor.scope());
                steps.add(new PlanStep.Observe(out, factor, factor.node(), factor.scope(), EvidenceKinds.of(factor)));
                waitAt(factor.node(), out);
            }
        }
        for (String node : graph.plates().postOrder()) {
            List<TableRef> tables = pending.getOrDefault(node, List.of());
            if (!tables.isEmpty() || node == null) {
                planNode(node, tables);
            }
        }
    }

    /**
     * Variables so that each comes after the variables its site reads at the current step: its domain size is read
     * from its first tabulation (the boundary variant of step 0, where earlier steps are absent), which needs theirs.
     */
    private List<Variable> learningOrder() {
        List<Variable> order = new ArrayList<>();
        Set<Variable> placed = new HashSet<>();
        while (order.size() < graph.variables().size()) {
            Variable next = graph.variables().stream()
                    .filter(v -> !placed.contains(v))
                    .filter(v -> graph.tableOf(v).scope().stream()
                            .allMatch(u -> u.lag() > 0 || u.variable().equals(v) || placed.contains(u.variable())))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("current-step reads form a cycle"));
            order.add(next);
            placed.add(next);
        }
        return order;
    }

    private TableRef tabulate(Factor factor, int variant) {
        List<VarUse> variantAxes = factor.variantAxes(variant);
        TableRef out = table(factor.name() + variantName(factor, variant), null, variantAxes);
        var step = new PlanStep.Tabulate(out, factor, variant, variantAxes);
        steps.add(step);
        tabulations.put(out, step);
        waitAt(factor.node(), out);
        return out;
    }

    private static String variantName(Factor factor, int variant) {
        boolean chain = factor.ownUse().variable().chain() != null;
        if (factor.maxLag() == 0) {
            return "Table";
        }
        if (variant == factor.maxLag()) {
            return chain ? "Transition" : "Steady";
        }
        return variant == 0 && chain ? "Initial" : "Step" + variant;
    }

    private void planNode(String node, List<TableRef> tables) {
        List<Variable> locals = graph.variablesAt(node);
        Plate plate = node == null ? null : graph.plates().plate(node);
        if (plate == null || plate.kind() != PlateKind.MARKOV) {
            eliminateAndReduce(node, tables, locals);
            return;
        }
        // Independent groups of tables get their own scans: two unrelated chains cost |u| + |v|, not |u||v|.
        List<List<TableRef>> components = components(node, tables, locals);
        long scans = components.stream().filter(this::readsEarlierStep).count();
        List<TableRef> rest = new ArrayList<>(tables);
        List<Variable> restLocals = new ArrayList<>(locals);
        for (List<TableRef> component : components) {
            if (readsEarlierStep(component)) {
                scan(node, component, scans > 1);
                rest.removeAll(component);
                component.forEach(t -> restLocals.removeAll(localVariables(t, node)));
            }
        }
        eliminateAndReduce(node, rest, restLocals);
    }

    private void scan(String node, List<TableRef> component, boolean several) {
        List<ScanPlanner.ScanInput> inputs = new ArrayList<>();
        for (TableRef t : component) {
            PlanStep.Tabulate tabulation = tabulations.get(t);
            boolean perStep = node.equals(t.instancePlate());
            if (!perStep && tabulation == null) {
                throw new IllegalStateException("scan input " + t + " is neither per step nor a tabulation");
            }
            inputs.add(new ScanPlanner.ScanInput(t, axes.get(t), perStep,
                    perStep ? -1 : tabulation.variant(), perStep ? 0 : tabulation.factor().maxLag()));
        }
        ScanPlanner.Planned planned = ScanPlanner.plan(graph, node, inputs);
        String base = several ? planned.program().frontier().get(0).use().variable().name() : node;
        String parent = graph.plates().plate(node).parent();
        TableRef out = table(base + "Scan", parent, planned.program().outer());
        steps.add(new PlanStep.Scan(out, node, component, planned.program(), planned.kind(),
                planned.program().outer()));
        waitAt(parent, out);
    }

    /**
     * Sums {@code locals} out of {@code tables} at {@code node}, then multiplies what is left over the node's
     * instances into its parent (tables over the same uses added first), or at the root hands it to the result.
     */
    private void eliminateAndReduce(String node, List<TableRef> tables, List<Variable> locals) {
        List<TableRef> current = new ArrayList<>(tables);
        Set<VarUse> remaining = new LinkedHashSet<>();
        locals.forEach(v -> remaining.add(graph.use(v, 0)));
        while (!remaining.isEmpty()) {
            VarUse use = GreedyOrder.next(current.stream().map(axes::get).toList(), remaining);
            List<TableRef> involved = current.stream().filter(t -> axes.get(t).contains(use)).toList();
            Set<VarUse> union = new LinkedHashSet<>();
            involved.forEach(t -> union.addAll(axes.get(t)));
            union.remove(use);
            List<VarUse> outAxes = GreedyOrder.byId(union);
            // Batched over the node even when no input has its instance axis: the variable has one copy per
            // instance, and the engine reads each copy's marginal and decision off this step.
            String batch = node;
            TableRef out = table(use.variable().name() + "Summed", batch, outAxes);
            steps.add(new PlanStep.Contract(out, batch, involved, List.of(use), outAxes));
            current.removeAll(involved);
            current.add(out);
            remaining.remove(use);
        }
        if (node == null) {
            for (TableRef t : current) {
                if (!axes.get(t).isEmpty()) {
                    throw new IllegalStateException("table " + t + " over " + axes.get(t) + " is left at the root");
                }
            }
            steps.add(new PlanStep.Result(current));
            return;
        }
        Map<Set<VarUse>, List<TableRef>> byScope = new LinkedHashMap<>();
        current.forEach(t -> byScope.computeIfAbsent(new HashSet<>(axes.get(t)), s -> new ArrayList<>()).add(t));
        String parent = graph.plates().plate(node).parent();
        for (List<TableRef> group : byScope.values()) {
            TableRef single = group.get(0);
            if (group.size() > 1) {
                List<VarUse> joinedAxes = GreedyOrder.byId(axes.get(single));
                String batch = batchPlate(node, group);
                single = table(node + "Joined", batch, joinedAxes);
                steps.add(new PlanStep.Contract(single, batch, group, List.of(), joinedAxes));
            }
            TableRef out = table(node + "Product", parent, axes.get(single));
            steps.add(new PlanStep.Product(out, node, single, axes.get(single)));
            waitAt(parent, out);
        }
    }

    /** The node when some table has its instance axis, else null (a contraction done once). */
    private static String batchPlate(String node, List<TableRef> tables) {
        return node != null && tables.stream().anyMatch(t -> node.equals(t.instancePlate())) ? node : null;
    }

    /** Tables linked by the variables of {@code node} they share; tables without any are left out. */
    private List<List<TableRef>> components(String node, List<TableRef> tables, List<Variable> locals) {
        Map<Variable, Variable> parent = new HashMap<>();
        locals.forEach(v -> parent.put(v, v));
        for (TableRef t : tables) {
            List<Variable> own = localVariables(t, node);
            for (int i = 1; i < own.size(); i++) {
                parent.put(root(parent, own.get(i)), root(parent, own.get(0)));
            }
        }
        Map<Variable, List<TableRef>> groups = new LinkedHashMap<>();
        for (TableRef t : tables) {
            List<Variable> own = localVariables(t, node);
            if (!own.isEmpty()) {
                groups.computeIfAbsent(root(parent, own.get(0)), v -> new ArrayList<>()).add(t);
            }
        }
        return new ArrayList<>(groups.values());
    }

    private static Variable root(Map<Variable, Variable> parent, Variable v) {
        while (!parent.get(v).equals(v)) {
            v = parent.get(v);
        }
        return v;
    }

    private List<Variable> localVariables(TableRef t, String node) {
        return axes.get(t).stream().map(VarUse::variable).filter(v -> Objects.equals(v.node(), node))
                .distinct().toList();
    }

    private boolean readsEarlierStep(List<TableRef> component) {
        return component.stream().anyMatch(t -> axes.get(t).stream().anyMatch(u -> u.lag() > 0));
    }

    private TableRef table(String name, String instancePlate, List<VarUse> tableAxes) {
        TableRef ref = new TableRef(axes.size(), names.unique(name), instancePlate);
        axes.put(ref, List.copyOf(tableAxes));
        return ref;
    }

    private void waitAt(String node, TableRef table) {
        pending.computeIfAbsent(node, n -> new ArrayList<>()).add(table);
    }
}
