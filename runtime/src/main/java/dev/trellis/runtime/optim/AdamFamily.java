package dev.trellis.runtime.optim;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;

/**
 * The optimizers that keep Adam's moments per parameter ({@link AdamMoments}): they differ in how an update uses
 * them, and save, restore and size-check them alike, under torch's slot names.
 */
abstract class AdamFamily extends PerParameterOptimizer<AdamMoments> {

    @Override
    final Map<String, Tensor> encode(AdamMoments state) {
        return state.slots();
    }

    @Override
    final AdamMoments decode(String parameter, Map<String, Tensor> slots) {
        return AdamMoments.fromSlots(parameter, slots);
    }

    @Override
    final boolean fits(AdamMoments state, int size) {
        return state.fits(size);
    }
}
