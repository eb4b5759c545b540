package dev.trellis.processor.codegen;

import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.plan.PlateLayout;
import java.util.List;
import java.util.Optional;

/**
 * How a program without {@code @Enumerate} sites lays out its plates, fixed by its model (a guide follows its model):
 * the plates that run along batch dimensions, and the Markov plate whose steps run one after another (then it is no
 * batch dimension: each step is a site of its own, {@code z_1}, {@code z_2}, ...). Inside a plate of sequences the
 * Markov plate is ragged: each step is one batch over the sequences, masked past each one's end.
 *
 * <p>The validator has made sure there is at most one Markov plate and at most one plate around it.
 *
 * @param layout the batch plates and their dims (the Markov plate left out)
 * @param markov the Markov plate, if a site of the model is a chain
 * @param outer the plate of sequences around the Markov plate, if any
 */
record ProgramShape(PlateLayout layout, Optional<String> markov, Optional<String> outer) {

    /** The shape of {@code model}'s program and of its guide's. */
    static ProgramShape of(ModelDeclaration model) {
        Optional<String> markov = model.markovPlates().keySet().stream().findFirst();
        PlateLayout all = PlateLayout.of(model);
        PlateLayout batch = new PlateLayout(all.plates().stream().filter(p -> markov.isEmpty()
                || !p.equals(markov.get())).toList());
        Optional<String> outer = Optional.empty();
        if (markov.isPresent()) {
            for (SiteDeclaration site : model.sites()) {
                int at = site.plates().indexOf(markov.get());
                if (at > 0) {
                    outer = Optional.of(site.plates().get(at - 1));
                }
            }
        }
        return new ProgramShape(batch, markov, outer);
    }

    /** Whether sequences along the Markov plate have lengths of their own (it sits inside a plate of sequences). */
    boolean ragged() {
        return outer.isPresent();
    }

    boolean isMarkov(String plate) {
        return markov.isPresent() && markov.get().equals(plate);
    }

    /** Whether something in these plates runs step by step, inside the loop over the Markov plate. */
    boolean inLoop(List<String> plates) {
        return markov.isPresent() && plates.contains(markov.get());
    }

    /** {@return the plates that are batch dimensions, outermost first: all but the Markov plate} */
    List<String> batchPlates(List<String> plates) {
        return plates.stream().filter(p -> !isMarkov(p)).toList();
    }

    /** {@return where the Markov plate's dimension is among the leading dimensions of data in these plates} */
    int markovAxis(List<String> plates) {
        return plates.indexOf(markov.orElseThrow());
    }
}
