package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * One learnable tensor of a {@link Module}, as torch's {@code nn.Parameter}: a slot of fixed shape whose current
 * value the module's forward reads.
 *
 * <p>The value is replaced, never modified (tensors are immutable): by the module's default initialisation, by
 * {@link #set(Tensor)} for explicit values, and by {@link dev.trellis.runtime.svi.SampleContext#module} at the start
 * of every run of a program, which installs the run's differentiable leaf from the parameter store so that gradients
 * of the run reach the store. The slot is {@code volatile}, so a value set in one thread is seen by forward passes
 * started afterwards in others; setting it while another thread runs a forward pass is a race the caller must avoid.
 *
 * <p>So it is thread-safe to read, but not to set while another thread reads.
 */
public final class Parameter {

    private final String name;
    private final int[] shape;
    private volatile Tensor value;

    Parameter(String name, Tensor initial) {
        this.name = name;
        this.shape = initial.shape();
        this.value = Parameter.checkedFinite(name, initial);
    }

    /** {@return the parameter's own name in its module, e.g. {@code weight}} */
    public String name() {
        return name;
    }

    /** {@return a copy of the parameter's shape, fixed at construction} */
    public int[] shape() {
        return shape.clone();
    }

    /** {@return the current value: a constant, or a tensor that requires grad while a run or a test binds one} */
    public Tensor value() {
        return value;
    }

    /**
     * Replaces the value.
     *
     * @param newValue a tensor of this parameter's shape with finite entries; it may require grad (a leaf whose
     *     gradient the caller wants)
     * @throws IllegalArgumentException naming the parameter if the shape differs or an entry is not finite
     */
    public void set(Tensor newValue) {
        value = checked(name, newValue);
    }

    /** {@return {@code newValue}, after checking that it fits this parameter (the message names {@code path})} */
    Tensor checked(String path, Tensor newValue) {
        if (!Arrays.equals(newValue.shape(), shape)) {
            throw new IllegalArgumentException("parameter '" + path + "' has shape " + Arrays.toString(shape)
                    + " but the new value has shape " + Arrays.toString(newValue.shape()));
        }
        return checkedFinite(path, newValue);
    }

    private static Tensor checkedFinite(String name, Tensor value) {
        double[] entries = value.valuesWithoutCopy();
        for (int i = 0; i < entries.length; i++) {
            if (!Double.isFinite(entries[i])) {
                throw new IllegalArgumentException("parameter '" + name + "' would hold " + entries[i]
                        + " at flat index " + i + "; parameters must be finite");
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return "Parameter[" + name + " " + Arrays.toString(shape) + "]";
    }
}
