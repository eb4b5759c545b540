package dev.trellis.processor.ir;

/**
 * One {@code @Network} method of a model or guide: a learnable runtime module registered with {@code pyro.module}.
 *
 * @param name the network's name in the parameter store (the prefix before {@code $$$})
 * @param methodName the Java method that returns the module, called once per program
 * @param typeName the method's return type, erased and fully qualified, for generated fields
 * @param simpleTypeName the return type's simple name, for messages
 * @param source where the method was declared
 */
public record NetworkDeclaration(String name, String methodName, String typeName, String simpleTypeName,
                                 SourceRef source) {}
