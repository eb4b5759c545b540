package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finite-difference checks of a module's forward pass with respect to its inputs and every parameter at once,
 * through {@link GradientChecker} (five-point stencils with Richardson extrapolation, relative tolerance 1e-8 plus
 * the rounding floor).
 */
final class ModuleGradients {

    private ModuleGradients() {
    }

    /**
     * Checks {@code forward(inputs)} with respect to the inputs and the module's parameters at their current values.
     *
     * @param forward the computation, reading the module's parameters; its inputs are the given tensors
     */
    static void check(String what, Module module, Function<List<Tensor>, Tensor> forward, Tensor... inputs) {
        List<String> paths = List.copyOf(module.namedParameters().keySet());
        Tensor[] all = Arrays.copyOf(inputs, inputs.length + paths.size());
        for (int k = 0; k < paths.size(); k++) {
            all[inputs.length + k] = module.parameter(paths.get(k)).value().detach();
        }
        GradientChecker.check(what, xs -> {
            Map<String, Tensor> values = new LinkedHashMap<>();
            for (int k = 0; k < paths.size(); k++) {
                values.put(paths.get(k), xs[inputs.length + k]);
            }
            module.setParameters(values);
            return forward.apply(List.of(xs).subList(0, inputs.length));
        }, all);
    }

    /** A recurrent layer's outputs and last states as one flat tensor, so that both are checked. */
    static Tensor flat(RecurrentOutput result) {
        return Tensor.cat(0, result.output().reshape(-1), result.hN().reshape(-1));
    }
}
