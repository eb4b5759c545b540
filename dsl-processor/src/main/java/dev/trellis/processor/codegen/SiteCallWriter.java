package dev.trellis.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.trellis.processor.graph.Binding;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import java.util.List;
import java.util.function.Function;

/**
 * Calls of a user's site method in generated code: {@code model.x(previous, probsX)} with each parameter bound to an
 * expression chosen by the caller (a table axis, a value before the start, a global, a drawn value), so that
 * tabulation, evidence and simulation share one way of writing the call.
 */
final class SiteCallWriter {
    private SiteCallWriter() {}

    /** {@code model.method(args)} with one argument per binding, in parameter order. */
    static CodeBlock call(String receiver, SiteDeclaration site, List<Binding> arguments,
                          Function<Binding, CodeBlock> argument) {
        CodeBlock.Builder code = CodeBlock.builder().add("$L.$L(", receiver, site.methodName());
        for (int i = 0; i < arguments.size(); i++) {
            code.add(i == 0 ? "$L" : ", $L", argument.apply(arguments.get(i)));
        }
        return checked(receiver, site, code.add(")").build());
    }

    /**
     * {@code call}, or {@code ModelShapes.site(receiver, "x", call)} when the site declares shapes: the check at the
     * boundary between the user's body and the runtime (docs/design/shapes.md).
     */
    static CodeBlock checked(String receiver, SiteDeclaration site, CodeBlock call) {
        return site.shapeCheck().map(checker -> CodeBlock.of("$L.site($L, $S, $L)", checker, receiver, site.name(), call))
                .orElse(call);
    }

    /**
     * The value a lagged parameter receives before its chain starts: its {@code initial} (an int, or for a
     * {@code Tensor} parameter handled by the caller) or {@code null}.
     */
    static CodeBlock beforeStart(Binding.Enumerated binding) {
        return binding.initial().isPresent() ? CodeBlock.of("$L", binding.initial().getAsInt()) : CodeBlock.of("null");
    }

    /** The expression for a global input: the local variable or field of that name. */
    static CodeBlock global(Binding.Global binding) {
        return CodeBlock.of("$L", Names.local(binding.name()));
    }

    /** Whether a parameter receiving an int value is declared {@code Integer}, so it may also receive null. */
    static boolean isBoxed(Binding binding) {
        return binding.parameter().type() == ValueType.BOXED_INT;
    }
}
