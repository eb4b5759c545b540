package dev.trellis.processor.codegen;

import java.util.Locale;
import javax.lang.model.SourceVersion;

/**
 * Java identifiers for the names users give sites, parameters and plates in generated programs. Site and parameter
 * names that are identifiers already (the usual case: they are method names) are used as they are, so the generated
 * code reads like the model.
 */
final class Names {
    private Names() {}

    /** The local variable (or field) holding a site's or parameter's value. */
    static String local(String name) {
        String identifier = identifier(name);
        return SourceVersion.isKeyword(identifier) ? identifier + "_" : identifier;
    }

    /** The field holding a plate's size, e.g. {@code schoolsSize}. */
    static String size(String plate) {
        return identifier(plate) + "Size";
    }

    /** The local variable holding a plate, e.g. {@code schoolsPlate}. */
    static String plate(String plate) {
        return identifier(plate) + "Plate";
    }

    /** The field holding each sequence's length along a Markov plate of ragged sequences, e.g. {@code timeLengths}. */
    static String lengths(String plate) {
        return identifier(plate) + "Lengths";
    }

    /** The local holding a run's steps along a Markov plate of ragged sequences, e.g. {@code timeSteps}. */
    static String steps(String plate) {
        return identifier(plate) + "Steps";
    }

    /** The local holding a run's number of steps along a Markov plate, e.g. {@code timeCount}. */
    static String count(String plate) {
        return identifier(plate) + "Count";
    }

    /** The local holding the mask of one step along a Markov plate of ragged sequences, e.g. {@code timeMask}. */
    static String mask(String plate) {
        return identifier(plate) + "Mask";
    }

    /**
     * The local holding the members of the plate of sequences that have one step along a Markov plate, e.g.
     * {@code timeActive}.
     */
    static String active(String plate) {
        return identifier(plate) + "Active";
    }

    /** A constant's name, e.g. {@code MU0_LOC} for {@code mu0_loc} or {@code mu0Loc}. */
    static String constant(String name) {
        return identifier(name).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static String identifier(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = i == 0 ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c);
            out.append(ok ? c : '_');
        }
        return out.length() == 0 ? "_site" : out.toString();
    }
}
