package dev.trellis.processor.graph;

import dev.trellis.processor.ir.ModelDeclaration;
import java.util.List;
import java.util.Objects;

/**
 * The plated factor graph of a model with enumerated sites (design note §2): the plate tree, one variable per
 * enumerated latent site, the uses of variables at lags that tables have as axes, one factor per enumerated or
 * observed site, and the global inputs. Immutable; printable with {@link #print()}.
 *
 * @param model the model it was built from
 * @param plates the plate tree
 * @param variables the enumerated latent sites, in declaration order (index = id)
 * @param uses every use the elimination needs, by variable id then lag (index = id): lags 0 to the largest lag any
 *     site reads the variable at
 * @param factors one per enumerated or observed site, in declaration order (index = id)
 * @param globals the latent non-enumerated sites in dependency order, then the {@code @Param}s in declaration order
 */
public record PlatedFactorGraph(ModelDeclaration model, PlateTree plates, List<Variable> variables,
                                List<VarUse> uses, List<Factor> factors, List<GlobalInput> globals) {

    public PlatedFactorGraph {
        variables = List.copyOf(variables);
        uses = List.copyOf(uses);
        factors = List.copyOf(factors);
        globals = List.copyOf(globals);
    }

    /** {@return the variable of the enumerated site with this name} */
    public Variable variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no enumerated site '" + name + "'"));
    }

    /** {@return the use of {@code variable} at {@code lag}} */
    public VarUse use(Variable variable, int lag) {
        return uses.stream().filter(u -> u.variable().equals(variable) && u.lag() == lag).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no use of " + variable + " at lag " + lag));
    }

    /** {@return the largest lag at which some site reads {@code variable} (0 when none reads an earlier step)} */
    public int maxLagRead(Variable variable) {
        return uses.stream().filter(u -> u.variable().equals(variable)).mapToInt(VarUse::lag).max().orElse(0);
    }

    /** {@return the variables that live at {@code node} (null: the root), in id order} */
    public List<Variable> variablesAt(String node) {
        return variables.stream().filter(v -> Objects.equals(v.node(), node)).toList();
    }

    /** {@return the factors that live at {@code node} (null: the root), in id order} */
    public List<Factor> factorsAt(String node) {
        return factors.stream().filter(f -> Objects.equals(f.node(), node)).toList();
    }

    /** {@return the table factor of {@code variable}'s own site} */
    public Factor tableOf(Variable variable) {
        return factors.stream().filter(f -> f.kind() == Factor.Kind.TABLE && f.ownUse().variable().equals(variable))
                .findFirst().orElseThrow();
    }

    /** {@return a stable text form: plates, variables, uses, factors with their bindings, globals} */
    public String print() {
        return PlatedFactorGraphPrinter.print(this);
    }
}
