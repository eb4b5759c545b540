package dev.trellis.corpus;

import dev.trellis.corpus.oracle.NestedData;
import dev.trellis.runtime.tensor.Tensor;
import java.lang.reflect.Array;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a case's data into the type a generated method declares for it: the cases are written in the form of §6
 * of the design note, and this lets the harness call the generated code even where it chose another container at a
 * level (an array for a {@code List}, {@code double} elements for {@code int}, a {@code Tensor} block), so that a
 * mismatch of container is not mistaken for a wrong answer. The values are never changed: an {@code int} target only
 * takes an integral number.
 */
final class TypedArguments {
    private TypedArguments() {}

    /** {@return the value as the declared type} */
    static Object convert(Object value, Type target, String what) {
        Class<?> raw = raw(target);
        if (!(target instanceof ParameterizedType) && raw.isInstance(value) && !raw.isPrimitive()) {
            return value;
        }
        if (raw == int.class || raw == Integer.class) {
            double number = number(value, what);
            if (number != Math.rint(number)) {
                throw new IllegalArgumentException(what + ": " + number + " is not an int");
            }
            return (int) number;
        }
        if (raw == double.class || raw == Double.class) {
            return number(value, what);
        }
        if (raw == Tensor.class) {
            return NestedData.toTensor(value, what);
        }
        List<Object> members = NestedData.members(value);
        if (members == null) {
            throw new IllegalArgumentException(what + ": cannot pass " + value.getClass().getName() + " as "
                    + target.getTypeName());
        }
        if (raw.isArray()) {
            Object array = Array.newInstance(raw.getComponentType(), members.size());
            for (int i = 0; i < members.size(); i++) {
                Array.set(array, i, convert(members.get(i), raw.getComponentType(), what + "[" + i + "]"));
            }
            return array;
        }
        if (List.class.isAssignableFrom(raw) && target instanceof ParameterizedType parameterized) {
            Type element = parameterized.getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                list.add(convert(members.get(i), element, what + "[" + i + "]"));
            }
            return list;
        }
        throw new IllegalArgumentException(what + ": cannot pass data as " + target.getTypeName());
    }

    private static double number(Object value, String what) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException(what + ": expected a number, got " + value);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported parameter type " + type);
    }
}
