package dev.trellis.processor.read;

import dev.trellis.processor.check.Diagnostic;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/** Hands the IR's findings to javac, each on the element (and annotation) it was found on. */
public final class DiagnosticReporter {
    private final Messager messager;
    private final Element fallback;

    /** Findings whose source cannot be traced are reported on {@code fallback}, the model class. */
    public DiagnosticReporter(Messager messager, Element fallback) {
        this.messager = messager;
        this.fallback = fallback;
    }

    public void error(Diagnostic diagnostic) {
        if (diagnostic.source().handle() instanceof ElementHandle handle) {
            if (handle.annotation() != null) {
                messager.printMessage(Kind.ERROR, diagnostic.render(), handle.element(), handle.annotation());
            } else {
                messager.printMessage(Kind.ERROR, diagnostic.render(), handle.element());
            }
        } else {
            messager.printMessage(Kind.ERROR, diagnostic.render(), fallback);
        }
    }

    public void note(String text) {
        messager.printMessage(Kind.NOTE, text, fallback);
    }
}
