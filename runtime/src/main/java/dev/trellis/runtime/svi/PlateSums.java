package dev.trellis.runtime.svi;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * Sums of per-member terms kept along chosen plates, Pyro's {@code MultiFrameTensor.sum_to}: the costs that multiply
 * a score-function term, Rao-Blackwellised over the plates of the site that term belongs to.
 */
final class PlateSums {

    private PlateSums() {
    }

    /** One summand: a site's detached term (log p, log p - log q, ...) with the plates its dimensions run along. */
    record Term(List<Plate> plates, Tensor value) {}

    /**
     * Sums terms down to the plates of one site: dimensions of plates the site is not in are summed out, those it is in
     * are kept, and leading size-1 dimensions are dropped so the result broadcasts against the site's log q.
     */
    static Tensor sumTo(List<Term> terms, List<Plate> target) {
        Tensor total = Tensor.scalar(0.0);
        for (Term term : terms) {
            Tensor value = term.value();
            for (Plate plate : term.plates()) {
                int axis = value.rank() + plate.dim();
                if (axis >= 0 && !containsPlate(target, plate) && value.shape()[axis] != 1) {
                    value = value.sum(axis, true);
                }
            }
            while (value.rank() > 0 && value.shape()[0] == 1) {
                value = value.squeeze(0);
            }
            total = total.add(value);
        }
        return total;
    }

    /** {@return whether a plate of the same name is among {@code plates}} */
    static boolean containsPlate(List<Plate> plates, Plate plate) {
        for (Plate p : plates) {
            if (p.name().equals(plate.name())) {
                return true;
            }
        }
        return false;
    }
}
