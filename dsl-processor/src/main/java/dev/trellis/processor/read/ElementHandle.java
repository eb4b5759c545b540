package dev.trellis.processor.read;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * What a {@link dev.trellis.processor.ir.SourceRef} holds when the IR was read from javac: the
 * element to report on and, where the mistake is in an annotation, that annotation.
 */
record ElementHandle(Element element, AnnotationMirror annotation) {}
