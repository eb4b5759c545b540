package dev.trellis.corpus;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One evaluation of a corpus model: the model (tables drawn from a seed), its data in the typed-argument form of §6
 * of the design note (one entry per observed site, by name: {@code int[]}, {@code double[]}, {@code List<int[]>},
 * {@code List<double[][]>}, ragged nested arrays...), the size of every plate for {@code simulate}, and the values of
 * the global inputs (latent global sites and {@code @Param}s) for the programs; empty for models with fixed tables.
 *
 * @param name the model's name and the variant, e.g. {@code "SequencesHmm/ragged"}
 * @param model the {@code @Model} instance
 * @param data per observed site, its argument
 * @param plateSizes per plate, its size in a simulation (folded plates included)
 * @param globals per global input, its value
 */
public record CorpusCase(String name, Object model, Map<String, Object> data, Map<String, Integer> plateSizes,
                         Map<String, Tensor> globals) {

    public CorpusCase {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        plateSizes = Collections.unmodifiableMap(new LinkedHashMap<>(plateSizes));
        globals = Collections.unmodifiableMap(new LinkedHashMap<>(globals));
    }

    /** A case of a model with fixed tables. */
    public static CorpusCase fixed(String name, Object model, Map<String, Object> data, Map<String, Integer> sizes) {
        return new CorpusCase(name, model, data, sizes, Map.of());
    }

    /** {@return the model's class} */
    public Class<?> modelClass() {
        return model.getClass();
    }

    /** {@return whether the model reads global inputs (a program, trained by SVI)} */
    public boolean hasGlobals() {
        return !globals.isEmpty();
    }

    /** {@return this case with other data (the same model, sizes and globals)} */
    public CorpusCase withData(String variant, Map<String, Object> otherData) {
        return new CorpusCase(name.substring(0, name.indexOf('/') + 1) + variant, model, otherData, plateSizes,
                globals);
    }

    @Override
    public String toString() {
        return name;
    }
}
