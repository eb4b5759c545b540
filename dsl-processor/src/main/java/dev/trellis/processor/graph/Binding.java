package dev.trellis.processor.graph;

import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ValueType;
import java.util.OptionalInt;

/**
 * What one parameter of a site's method receives when the elimination calls it. Every parameter of a factor's method
 * has exactly one binding, in parameter order.
 */
public sealed interface Binding {

    /** The method parameter this binds. */
    Dependency parameter();

    /**
     * An enumerated variable at a lag: the value of the table axis {@code use}. Before the start of its chain (at a
     * boundary step {@code j < use.lag()}) the use is absent and the parameter receives {@link #initial()} when the
     * user gave one, {@code null} otherwise.
     */
    record Enumerated(Dependency parameter, VarUse use) implements Binding {
        /** {@return the value before the chain's start, or empty when the parameter receives null there} */
        public OptionalInt initial() {
            return parameter.initial();
        }

        /** {@return whether the use does not exist yet at boundary step {@code step}} */
        public boolean absentAt(int step) {
            return use.lag() > step;
        }
    }

    /**
     * The observed value of a site (a <em>data parent</em>, possibly the factor's own site) at a lag along the
     * factor's Markov plate. Before the start it receives {@code initial} (int or Tensor parameters) or null.
     *
     * @param site the observed site read
     * @param lag 0 for the current step
     * @param type how the parameter is declared: {@code INT}, {@code BOXED_INT}, {@code TENSOR} or {@code OTHER}
     * @param finite whether the read site takes finite int values (its distribution is enumerable), so that the
     *     evidence can be tabulated over them
     */
    record Data(Dependency parameter, String site, int lag, ValueType type, boolean finite) implements Binding {
        /** {@return whether the value is a finite int (an {@code int} or {@code Integer} of an enumerable site)} */
        public boolean isFiniteInt() {
            return finite && (type == ValueType.INT || type == ValueType.BOXED_INT);
        }
    }

    /** A global input: the current value of a latent non-enumerated site (drawn by the guide) or of a {@code @Param}. */
    record Global(Dependency parameter, String name, GlobalInput.Kind kind) implements Binding {}

    /** A {@code Plate}-typed parameter: the plate of that name as this run uses it. */
    record PlateValue(Dependency parameter, String plate) implements Binding {}
}
