package dev.trellis.adoption;

/**
 * Reads the README as the adoption test needs it: a section by its heading, the first fenced code block of a text,
 * and the block right after a marker comment ({@code <!-- adoption-test: pom.xml -->}), which renders as nothing.
 */
final class ReadmeBlocks {

    private static final String FENCE = "```";

    private ReadmeBlocks() {
    }

    /**
     * {@return the text from the level-2 heading that starts with {@code heading} to the next level-2 heading}
     *
     * @throws AssertionError if the README has no such heading
     */
    static String section(String readme, String heading) {
        int start = readme.indexOf("\n" + heading);
        if (start < 0) {
            throw new AssertionError("the README has no section '" + heading + "'");
        }
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    /**
     * {@return the body of the first fenced code block in {@code text}, without the fences and the info string}
     *
     * @throws AssertionError if there is none
     */
    static String firstFence(String text) {
        int open = text.indexOf(FENCE);
        if (open < 0) {
            throw new AssertionError("no code block in:\n" + text);
        }
        int bodyStart = text.indexOf('\n', open) + 1;
        int close = text.indexOf("\n" + FENCE, bodyStart);
        if (close < 0) {
            throw new AssertionError("an unclosed code block in:\n" + text);
        }
        return text.substring(bodyStart, close + 1);
    }

    /**
     * {@return the body of the code block that follows the comment {@code <!-- marker -->}}
     *
     * @throws AssertionError if the marker is missing or no block follows it
     */
    static String fenceAfter(String text, String marker) {
        int at = text.indexOf("<!-- " + marker + " -->");
        if (at < 0) {
            throw new AssertionError("the README has no marker <!-- " + marker + " -->");
        }
        return firstFence(text.substring(at));
    }
}
