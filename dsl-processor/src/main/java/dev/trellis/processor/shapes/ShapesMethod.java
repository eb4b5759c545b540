package dev.trellis.processor.shapes;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.ir.ModelDeclaration;
import javax.lang.model.element.Modifier;

/** The {@code shapes()} method of a generated inference class or program: its model's shapes report, sizes filled. */
public final class ShapesMethod {
    private ShapesMethod() {}

    /**
     * Adds {@code public String shapes()} to {@code type}.
     *
     * @param type the generated class
     * @param declaration the model or guide whose report it returns
     * @param field the generated class's field holding the model or guide object
     */
    public static void addTo(TypeSpec.Builder type, ModelDeclaration declaration, String field) {
        type.addMethod(MethodSpec.methodBuilder("shapes").addModifiers(Modifier.PUBLIC)
                .addJavadoc("{@return the shapes report of {@code $L}: its dimensions, with the sizes read from it, and "
                        + "every site's plates, domain, batch and event shapes by name}\n", declaration.className())
                .returns(String.class)
                .addStatement("return $T.report($L)",
                        ClassName.get(declaration.packageName(), ShapesGenerator.simpleName(declaration)), field)
                .build());
    }
}
