package dev.trellis.processor.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plates of a model as a tree under an implicit root. A plate's parent is the plate listed just before it on the
 * sites that use it; sites never disagree (crossing plates are refused when the graph is built).
 *
 * @param plates every plate, parents before children, siblings in order of first use
 */
public record PlateTree(List<Plate> plates) {

    public PlateTree {
        plates = List.copyOf(plates);
    }

    /** {@return the plate with this name} */
    public Plate plate(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no plate '" + name + "'"));
    }

    /** {@return the plate with this name, if the model has one} */
    public Optional<Plate> find(String name) {
        return plates.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** {@return the children of {@code parent} (null: the root's), in order} */
    public List<Plate> children(String parent) {
        return plates.stream().filter(p -> java.util.Objects.equals(p.parent(), parent)).toList();
    }

    /** {@return whether {@code ancestor} is {@code plate} or encloses it; the root (null) encloses everything} */
    public boolean encloses(String ancestor, String plate) {
        if (ancestor == null) {
            return true;
        }
        for (String p = plate; p != null; p = plate(p).parent()) {
            if (p.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return the innermost non-folded plate among {@code sitePlates} (a site's plates, outermost first), or null
     * for the root}. Folded plates are always innermost, so this is the last plate that is not folded.
     */
    public String node(List<String> sitePlates) {
        String node = null;
        for (String name : sitePlates) {
            if (plate(name).kind() != PlateKind.FOLDED) {
                node = name;
            }
        }
        return node;
    }

    /**
     * {@return the plates that are axes of the elimination in post-order (children before their parent, siblings in
     * order), ending with null for the root}: the order in which the planner visits the nodes
     */
    public List<String> postOrder() {
        List<String> order = new ArrayList<>();
        visit(null, order);
        return order;
    }

    private void visit(String node, List<String> order) {
        for (Plate child : children(node)) {
            if (child.isEliminationAxis()) {
                visit(child.name(), order);
            }
        }
        order.add(node);
    }
}
