package dev.trellis.runtime.tensor;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** A scalar function together with its derivative, applied elementwise by {@link ElementwiseOps}. */
interface ElementwiseFunction {

    /** {@return f(x)} */
    double value(double x);

    /** {@return f'(x), given also y = f(x) (many derivatives are cheapest from the value)} */
    double derivative(double x, double y);

    static ElementwiseFunction of(DoubleUnaryOperator value, DoubleBinaryOperator derivative) {
        return new ElementwiseFunction() {
            @Override
            public double value(double x) {
                return value.applyAsDouble(x);
            }

            @Override
            public double derivative(double x, double y) {
                return derivative.applyAsDouble(x, y);
            }
        };
    }
}
