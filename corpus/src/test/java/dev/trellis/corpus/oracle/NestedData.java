package dev.trellis.corpus.oracle;

import dev.trellis.runtime.tensor.Tensor;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Conversions between the nested Java arrays and lists of typed arguments and tensors. */
public final class NestedData {
    private NestedData() {}

    /** {@return the members of a List or an array (boxed), or null for anything else} */
    public static List<Object> members(Object value) {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> members = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                members.add(Array.get(value, i));
            }
            return members;
        }
        return null;
    }

    /** {@return a dense tensor from a number, a Tensor, or nested Lists and arrays of them} */
    public static Tensor toTensor(Object value, String what) {
        if (value instanceof Tensor tensor) {
            return tensor;
        }
        if (value instanceof Number number) {
            return Tensor.scalar(number.doubleValue());
        }
        List<Object> members = members(value);
        if (members == null) {
            throw new BruteForceException("data of " + what + ": cannot read "
                    + (value == null ? "null" : value.getClass().getName()) + " as numbers");
        }
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            parts.add(toTensor(members.get(i), what + "[" + i + "]"));
        }
        int[] inner = parts.isEmpty() ? new int[0] : parts.get(0).shape();
        double[] flat = new double[parts.stream().mapToInt(Tensor::numElements).sum()];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (!Arrays.equals(inner, parts.get(i).shape())) {
                throw new BruteForceException("data of " + what + " is ragged inside a dense block: member " + i
                        + " has shape " + Arrays.toString(parts.get(i).shape()) + " but member 0 has "
                        + Arrays.toString(inner));
            }
            double[] values = parts.get(i).toArray();
            System.arraycopy(values, 0, flat, at, values.length);
            at += values.length;
        }
        int[] shape = new int[inner.length + 1];
        shape[0] = parts.size();
        System.arraycopy(inner, 0, shape, 1, inner.length);
        return Tensor.of(flat, shape);
    }
}
