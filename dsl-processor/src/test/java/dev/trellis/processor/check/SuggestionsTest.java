package dev.trellis.processor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void theClosestNameWithinTwoEditsIsSuggestedIgnoringCase() {
        assertEquals(" (did you mean 'probs_x'?)", Suggestions.closest("prob_x", List.of("probs_y2", "probs_x")));
        assertEquals(" (did you mean 'States'?)", Suggestions.closest("sttes", List.of("tones", "States")));
    }

    @Test
    void namesThreeEditsAwayOrNoNamesGiveNoSuggestion() {
        assertEquals("", Suggestions.closest("abc", List.of("xyz")));
        assertEquals("", Suggestions.closest("abc", List.of()));
    }

    @Test
    void ofEquallyCloseNamesTheFirstIsSuggested() {
        assertEquals(" (did you mean 'ab'?)", Suggestions.closest("a", List.of("ab", "ac")));
    }

    @Test
    void theEditDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, Suggestions.editDistance("time", "time"));
        assertEquals(3, Suggestions.editDistance("kitten", "sitting"));
        assertEquals(4, Suggestions.editDistance("", "abcd"));
        assertEquals(4, Suggestions.editDistance("abcd", ""));
    }
}
