package dev.trellis.samples.cli;

import dev.trellis.runtime.nn.ProductPrecision;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * {@code --products double|single}, which the commands that train networks take: the precision of the network
 * layers' matrix products ({@link ProductPrecision}) while the command runs. {@code single} multiplies in float32, as
 * Pyro trains, a quarter to two fifths faster on dmm.py's step; {@code double} (the default) keeps every product float64.
 */
final class ProductsOption {
    @Option(names = "--products", paramLabel = "PRECISION", defaultValue = "double",
            converter = PrecisionConverter.class,
            description = "The network layers' matrix products: double (float64, the default) or single (float32, "
                    + "as Pyro trains; results are added in float64).")
    ProductPrecision precision = ProductPrecision.DOUBLE;

    /** {@return what {@code work} returns, computed with the products at the chosen precision, restored after} */
    <T> T during(Callable<T> work) throws Exception {
        ProductPrecision before = ProductPrecision.use(precision);
        try {
            return work.call();
        } finally {
            ProductPrecision.use(before);
        }
    }

    /** {@return the option's value as the command line spells it} */
    String spelled() {
        return precision.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code double} or {@code single}, in any case. */
    static final class PrecisionConverter implements picocli.CommandLine.ITypeConverter<ProductPrecision> {
        @Override
        public ProductPrecision convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "double" -> ProductPrecision.DOUBLE;
                case "single" -> ProductPrecision.SINGLE;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a precision: give double or single");
            };
        }
    }
}
