package dev.trellis.processor.plan;

import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plan for a mixture trained by SVI with its enumerated site summed out exactly (Pyro's GMM tutorial under
 * {@code TraceEnum_ELBO}): global latent sites, one enumerated site drawn per member of a data plate from a
 * distribution that reads only globals, and observed sites in the same plate that read its value. Once the globals are
 * fixed the members are independent, so the elimination is one log-sum-exp per member, without a time loop:
 * <ol>
 *   <li>draw (or replay) the global sites, in dependency order, in their own plates;
 *   <li>tabulate the enumerated site once per run: {@code log p(z = k)}, [K];
 *   <li>tabulate each observed site once per value k: the log-likelihood of this run's data members, [K, B];
 *   <li>add {@code sum_n logsumexp_k(log p(z = k) + log p(x_n | z = k))} as a factor in the data plate, which scales
 *       it by size / batch size when the plate is subsampled; the tape differentiates it.
 * </ol>
 *
 * @param model the model
 * @param globals the global latent sites, in dependency order
 * @param globalLayout the dims of the globals' plates (laid out among the globals alone: the data plate never nests
 *     with them, so each runs at its own dims, as separate {@code pyro.plate}s do)
 * @param enumerated the enumerated site
 * @param data the data plate the enumerated and observed sites are in
 * @param observed the observed sites, in declaration order
 */
public record MixtureProgramPlan(
        ModelDeclaration model,
        List<SiteDeclaration> globals,
        PlateLayout globalLayout,
        SiteDeclaration enumerated,
        String data,
        List<SiteDeclaration> observed) {

    public MixtureProgramPlan {
        globals = List.copyOf(globals);
        observed = List.copyOf(observed);
    }

    /** {@return the plates of the global sites, in layout order; their sizes are given to the program} */
    public List<String> globalPlates() {
        Set<String> used = new LinkedHashSet<>();
        globals.forEach(site -> used.addAll(site.plates()));
        return globalLayout.plates().stream().filter(used::contains).toList();
    }

    /** The plan in words, for the generated javadoc and the dump. */
    public List<String> steps() {
        List<String> steps = new ArrayList<>();
        if (!globals.isEmpty()) {
            steps.add("Draw the global sites " + globals.stream().map(SiteDeclaration::name).toList()
                    + " from the guide (or fix them, when conditioned).");
        }
        steps.add("Tabulate '" + enumerated.name() + "' once per run: log p(" + enumerated.name() + " = k) for each "
                + "of its K values, shared by every member of '" + data + "'.");
        steps.add("Tabulate observed " + observed.stream().map(s -> "'" + s.name() + "'").toList() + " once per value"
                + " of '" + enumerated.name() + "': the log-likelihood of each of this run's members of '" + data
                + "', [K, B].");
        steps.add("Sum out '" + enumerated.name() + "' exactly: add sum_n logsumexp_k(log p(" + enumerated.name()
                + " = k) + log p(data_n | " + enumerated.name() + " = k)) as a factor in plate '" + data
                + "' (scaled by size / batch size when subsampled), differentiated by the tape.");
        return steps;
    }

    /** A stable text form of the plan. */
    public String print() {
        var out = new StringBuilder("plan mixture ").append(enumerated.name()).append(" over ").append(data)
                .append('\n');
        List<String> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            out.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        return out.append(globalLayout.print()).toString();
    }
}
