package dev.trellis.processor.ir;

import java.util.List;

/**
 * One {@code @Param} method of a model or guide: a learned parameter whose initial value the method returns.
 *
 * @param name the parameter's name in the parameter store
 * @param methodName the Java method that returns the initial value
 * @param constraint the constraint's text form, as the runtime's {@code Constraint.parse} reads it
 * @param plates the plates of {@code @Plate} on the method, outermost first: the value has one leading dimension per
 *     plate, and a run sees only the members of its (possibly subsampled) plates
 * @param source where the method was declared
 */
public record ParamDeclaration(String name, String methodName, String constraint, List<String> plates,
                               SourceRef source) {
    public ParamDeclaration {
        plates = List.copyOf(plates);
    }
}
