package dev.trellis.processor.graph;

import java.util.List;

/**
 * The plated factor graph of a model: one variable per enumerated latent site, one factor per
 * site (its log-density), whose scope is the enumerated variables it touches, at the current step
 * (lag 0) or an earlier one. Observed sites and sites taken from a guide are factors, not variables.
 */
public record FactorGraph(List<Variable> variables, List<Factor> factors) {

    public FactorGraph {
        variables = List.copyOf(variables);
        factors = List.copyOf(factors);
    }

    /**
     * An enumerated site.
     *
     * @param site the site's name
     * @param plates the plates it is replicated over, outermost first
     * @param markovPlate the ordered plate it runs along, or null when it is not a chain
     */
    public record Variable(String site, List<String> plates, String markovPlate) {
        public Variable {
            plates = List.copyOf(plates);
        }
    }

    /** A variable at the current step ({@code lag == 0}) or {@code lag} steps earlier. */
    public record Use(String site, int lag) {
        @Override
        public String toString() {
            return lag == 0 ? site : site + "[-" + lag + "]";
        }
    }

    /**
     * The log-density term of one site.
     *
     * @param site the site whose distribution this is
     * @param observed whether the site's own value comes from data
     * @param plates the plates the term is replicated over
     * @param scope the enumerated variables the term depends on (including the site itself when it is one)
     */
    public record Factor(String site, boolean observed, List<String> plates, List<Use> scope) {
        public Factor {
            plates = List.copyOf(plates);
            scope = List.copyOf(scope);
        }
    }

    /** A stable text form, one line per variable and factor. */
    public String print() {
        var out = new StringBuilder("factor graph\n");
        for (Variable v : variables) {
            out.append("  variable ").append(v.site()).append(" plates=").append(v.plates());
            if (v.markovPlate() != null) {
                out.append(" markov=").append(v.markovPlate());
            }
            out.append('\n');
        }
        for (Factor f : factors) {
            out.append("  factor p(").append(f.site()).append(f.observed() ? " observed" : "").append(") scope=")
                    .append(f.scope()).append(" plates=").append(f.plates()).append('\n');
        }
        return out.toString();
    }
}
