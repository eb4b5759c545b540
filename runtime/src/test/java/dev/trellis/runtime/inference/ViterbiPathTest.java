package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ViterbiPathTest {

    @Test
    void laterChangesToTheCallersArrayDoNotLeakIn() {
        int[] states = {1, 0, 2};
        ViterbiPath path = new ViterbiPath(states, -4.25);
        states[0] = 2;
        assertArrayEquals(new int[] {1, 0, 2}, path.path());
    }

    @Test
    void changesToTheReturnedArrayDoNotLeakOut() {
        ViterbiPath path = new ViterbiPath(new int[] {1, 0, 2}, -4.25);
        path.path()[1] = 2;
        assertArrayEquals(new int[] {1, 0, 2}, path.path());
        assertEquals(-4.25, path.logJoint());
    }

    @Test
    void pathsWithTheSameContentsAreEqualAndHashAlike() {
        ViterbiPath a = new ViterbiPath(new int[] {1, 0, 2}, -4.25);
        ViterbiPath b = new ViterbiPath(new int[] {1, 0, 2}, -4.25);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(31 * java.util.Arrays.hashCode(new int[] {1, 0, 2}) + Double.hashCode(-4.25), a.hashCode());
    }

    @Test
    void aDifferentStateOrLogJointOrTypeMakesPathsUnequal() {
        ViterbiPath a = new ViterbiPath(new int[] {1, 0, 2}, -4.25);
        assertNotEquals(a, new ViterbiPath(new int[] {1, 1, 2}, -4.25));
        assertNotEquals(a, new ViterbiPath(new int[] {1, 0, 2}, -4.5));
        assertNotEquals(a, new ViterbiPath(new int[] {1, 0}, -4.25));
        assertNotEquals(a, (Object) "ViterbiPath[path=[1, 0, 2], logJoint=-4.25]");
    }

    @Test
    void logJointsCompareLikeDoubleCompare() {
        // Double.compare: NaN equals NaN, 0.0 differs from -0.0.
        assertEquals(new ViterbiPath(new int[] {0}, Double.NaN), new ViterbiPath(new int[] {0}, Double.NaN));
        assertNotEquals(new ViterbiPath(new int[] {0}, 0.0), new ViterbiPath(new int[] {0}, -0.0));
    }

    @Test
    void toStringShowsThePathAndTheLogJoint() {
        assertEquals("ViterbiPath[path=[1, 0, 0], logJoint=-4.2]",
                new ViterbiPath(new int[] {1, 0, 0}, -4.2).toString());
    }
}
