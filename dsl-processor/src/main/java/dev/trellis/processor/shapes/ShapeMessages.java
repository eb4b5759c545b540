package dev.trellis.processor.shapes;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.ir.SourceRef;

/**
 * The compile errors about shapes (TRELLIS-200 to TRELLIS-219), each on the element that names both sides of the
 * mismatch; the rest of the catalogue is {@link dev.trellis.processor.check.Messages}. Kept apart so that the shape
 * checks, which run after the structural ones, read as one unit.
 */
public final class ShapeMessages {
    private ShapeMessages() {}

    public static Diagnostic dimSourceConflict(SourceRef at, String dim) {
        return new Diagnostic("TRELLIS-200", "@Dim '" + dim + "' gives both from and size; a dimension has one source:"
                + " a member (from), a constant (size), or neither for the data", at);
    }

    public static Diagnostic dimMemberMissing(SourceRef at, String dim, String member, String suggestion) {
        return new Diagnostic("TRELLIS-201", "@Dim '" + dim + "' reads its size from '" + member + "', but the class "
                + "has no field " + member + ", method " + member + "() or getter" + suggestion
                + "; name an int field or a no-argument int method", at);
    }

    public static Diagnostic dimMemberUnusable(SourceRef at, String dim, String member, String why) {
        return new Diagnostic("TRELLIS-202", "@Dim '" + dim + "' reads its size from '" + member + "', which " + why
                + "; the generated code reads it from the model object, so it must be a non-private, non-static int "
                + "field or no-argument method (in Kotlin: a val that is not private, or @JvmField)", at);
    }

    static Diagnostic dimDuplicate(SourceRef at, String dim) {
        return new Diagnostic("TRELLIS-203", "dimension '" + dim + "' is declared more than once; give each @Dim "
                + "its own name", at);
    }

    public static Diagnostic dimBadDeclaration(SourceRef at, String dim, String why) {
        return new Diagnostic("TRELLIS-204", "@Dim '" + dim + "' " + why, at);
    }

    public static Diagnostic shapeSyntax(SourceRef at, String where, String text, String why) {
        return new Diagnostic("TRELLIS-205", where + " \"" + text + "\" is not a shape: " + why
                + "; write comma-separated dimension names or sizes, e.g. \"states, tones\"", at);
    }

    static Diagnostic unknownDimension(SourceRef at, String where, String dim, String suggestion) {
        return new Diagnostic("TRELLIS-206", where + " names dimension '" + dim + "', which is neither a @Dim of the "
                + "class nor a plate" + suggestion + "; declare it with @Dim(name = \"" + dim + "\", ...)", at);
    }

    public static Diagnostic shapeMisplaced(SourceRef at, String what, String fix) {
        return new Diagnostic("TRELLIS-207", what + "; " + fix, at);
    }

    static Diagnostic plateBoundTwice(SourceRef at, String plate, String first, String second) {
        return new Diagnostic("TRELLIS-208", "plate '" + plate + "' is bound to dimension '" + first
                + "' and to dimension '" + second + "'; a plate has one size: bind it to one @Dim", at);
    }

    static Diagnostic parameterShapeMismatch(SourceRef at, String parameter, String declared, String what,
                                             String source, String sourceShape) {
        return new Diagnostic("TRELLIS-209", "parameter '" + parameter + "' declares shape " + declared + " but "
                + what + " '" + source + "' has shape " + sourceShape + "; make the two @Shape declarations agree", at);
    }

    static Diagnostic indexedByUnknown(SourceRef at, String parameter, String index, String why) {
        return new Diagnostic("TRELLIS-210", "parameter '" + parameter + "' is @IndexedBy(\"" + index + "\"), but '"
                + index + "' " + why + "; list int parameters of the same method that read @Enumerate sites", at);
    }

    static Diagnostic indexedByMismatch(SourceRef at, String parameter, String shape, int axis, String dim,
                                        String index, String site, String domain) {
        return new Diagnostic("TRELLIS-211", "parameter '" + parameter + "' (shape " + shape + ") is indexed by '"
                + index + "' along dimension " + axis + " of size '" + dim + "', but '" + index + "' reads site '"
                + site + "' whose domain is '" + domain + "'; index a table whose dimension is the site's domain, "
                + "or fix @Enumerate(domain = ...)", at);
    }

    static Diagnostic indexedByTooShort(SourceRef at, String parameter, String shape, int indices) {
        return new Diagnostic("TRELLIS-211", "parameter '" + parameter + "' has shape " + shape + " but is indexed by "
                + indices + " values; a tensor indexed by n values needs at least n dimensions", at);
    }

    static Diagnostic siteShapeNamesOwnPlate(SourceRef at, String site, String part, String dim, String plate) {
        return new Diagnostic("TRELLIS-212", "site '" + site + "' names dimension '" + dim + "' in its " + part
                + " shape, but that is the size of its plate '" + plate + "', which @Plate already puts to the left of "
                + "the batch shape; leave plate dimensions out of @Shape (they would be counted twice)", at);
    }

    static Diagnostic siteShapeNamesForeignPlate(SourceRef at, String site, String part, String dim, String plate) {
        return new Diagnostic("TRELLIS-213", "site '" + site + "' names dimension '" + dim + "' in its " + part
                + " shape, the size of plate '" + plate + "', but the site is not inside that plate; add \"" + plate
                + "\" to its @Plate (the data must be declared in the plates it varies along)", at);
    }

    static Diagnostic initialOutsideDomain(SourceRef at, String parameter, int initial, String site, String dim,
                                           int size) {
        return new Diagnostic("TRELLIS-215", "parameter '" + parameter + "' starts from initial = " + initial
                + ", outside the domain of site '" + site + "' ('" + dim + "' = " + size + ", values 0.."
                + (size - 1) + ")", at);
    }

    static Diagnostic guideShapeMismatch(SourceRef at, String site, String part, String guideShape,
                                         String modelShape) {
        return new Diagnostic("TRELLIS-216", "guide site '" + site + "' declares " + part + " shape " + guideShape
                + " but the model's '" + site + "' declares " + modelShape + "; a guide draws values of the model's "
                + "shape", at);
    }

    static Diagnostic unknownPlate(SourceRef at, String dim, String plate, String suggestion) {
        return new Diagnostic("TRELLIS-217", "@Dim '" + dim + "' binds plate '" + plate + "', but no site or @Param is "
                + "inside a plate of that name" + suggestion, at);
    }
}
