package dev.trellis.processor.ir;

/**
 * One {@code @Param} method of a model or guide: a learned parameter whose initial value the method returns.
 *
 * @param name the parameter's name in the parameter store
 * @param methodName the Java method that returns the initial value
 * @param constraint the constraint's text form, as the runtime's {@code Constraint.parse} reads it
 * @param source where the method was declared
 */
public record ParamDeclaration(String name, String methodName, String constraint, SourceRef source) {}
