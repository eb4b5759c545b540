package dev.trellis.processor.graph;

import dev.trellis.processor.ir.SiteDeclaration;
import java.util.List;

/**
 * The log-density term of one site. A latent enumerated site is a {@link Kind#TABLE}: tabulated over its enumerated
 * parents and its own value, once per call (and once per boundary variant when it reads earlier steps). An observed
 * site is {@link Kind#EVIDENCE}: its data scored per instance of its node and per assignment of its enumerated
 * parents; every observed site is a factor, even one that reads no enumerated site.
 *
 * @param id its position among the factors (sites in declaration order)
 * @param site the site's declaration
 * @param kind table or evidence
 * @param node the plate it lives in (the innermost non-folded plate of the site), or null for the root
 * @param scope its table axes: for a table the enumerated parent uses in parameter order, then its own use last
 *     (the runtime's tabulation is {@code [parentSizes..., K]}); for evidence the enumerated parent uses in
 *     parameter order. A use read by two parameters appears once.
 * @param foldedPlates the site's folded plates, outermost first (the batch dimensions its observation sums over)
 * @param maxLag the largest lag it reads (of an enumerated use or a data parent): the number of boundary variants,
 *     which at step {@code j < maxLag} see the uses of lag {@code > j} absent
 * @param arguments one binding per method parameter, in parameter order
 */
public record Factor(int id, SiteDeclaration site, Kind kind, String node, List<VarUse> scope,
                     List<String> foldedPlates, int maxLag, List<Binding> arguments) {

    public Factor {
        scope = List.copyOf(scope);
        foldedPlates = List.copyOf(foldedPlates);
        arguments = List.copyOf(arguments);
    }

    /** Table or evidence. */
    public enum Kind {
        TABLE,
        EVIDENCE
    }

    /** {@return the site's name} */
    public String name() {
        return site.name();
    }

    /** {@return the variable's own use, the last axis of a table factor} */
    public VarUse ownUse() {
        if (kind != Kind.TABLE) {
            throw new IllegalStateException("evidence factor " + name() + " has no own variable");
        }
        return scope.get(scope.size() - 1);
    }

    /**
     * {@return the axes of the variant for boundary step {@code variant} (uses of lag {@code > variant} absent), or
     * the whole scope for the steady variant {@code variant >= maxLag}}
     */
    public List<VarUse> variantAxes(int variant) {
        return scope.stream().filter(use -> use.lag() <= variant).toList();
    }

    /** {@return the observed sites it reads, with how they are bound} */
    public List<Binding.Data> dataParents() {
        return arguments.stream().filter(Binding.Data.class::isInstance).map(Binding.Data.class::cast).toList();
    }
}
