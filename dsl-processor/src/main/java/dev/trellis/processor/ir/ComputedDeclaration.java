package dev.trellis.processor.ir;

import java.util.List;

/**
 * One {@code @Computed} method of a model or guide: a value the program computes once per run from data, parameters
 * and networks, before any site, and that sites read by name.
 *
 * @param name the value's name
 * @param methodName the Java method that computes it
 * @param plates the plates of its {@code @Plate}, outermost first: the value has one leading dimension per plate
 * @param dependencies the method's parameters, in declaration order
 * @param source where the method was declared
 */
public record ComputedDeclaration(String name, String methodName, List<String> plates, List<Dependency> dependencies,
                                  SourceRef source) {
    public ComputedDeclaration {
        plates = List.copyOf(plates);
        dependencies = List.copyOf(dependencies);
    }
}
