package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.errors.SiteException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batched evidence describes the block and assignment only when a call fails: a method that returns null is still
 * named with both.
 */
class BatchedEvidenceNullTest {

    @Test
    void a_method_returning_null_is_named_with_its_assignment_and_block() {
        DataLevels levels = DataLevels.of("y").plate("sequences").plate("time").folded("tones").build();
        ObservedData data = levels.bind(EvidenceChecks.binarySequences(new SplittableRandom(5), new int[] {3, 2}, 4));
        EnumeratedParents x = EnumeratedParents.current(new String[] {"x"}, new int[] {2});
        BatchedEvidence evidence = BatchedEvidence.of(data, x, List.of(DataParent.of("previous", data, 1, 0.0)),
                (v, p, d) -> null);
        SiteException e = assertThrows(SiteException.class, () -> EvidenceChecks.rows(evidence));
        assertEquals("site 'y' at x = 0, step 0, a block of 2 instances from sequences[0].time[0]: returned null",
                e.getMessage());
    }
}
