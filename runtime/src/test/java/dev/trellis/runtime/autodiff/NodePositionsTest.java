package dev.trellis.runtime.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backward pass's node index: every node put is found with its latest value, and nodes never put are absent,
 * across many growths of the table and with nodes taken in no order (so that their slots collide and probe).
 */
class NodePositionsTest {

    @Test
    void every_node_put_is_found_with_its_latest_value_and_the_others_are_absent() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            nodes.add(Node.leaf(Tensor.scalar(i)));
        }
        Collections.shuffle(nodes, new Random(7));
        List<Node> put = nodes.subList(0, 4000);
        List<Node> never = nodes.subList(4000, nodes.size());
        NodePositions positions = new NodePositions();
        for (int i = 0; i < put.size(); i++) {
            positions.put(put.get(i), i);
        }
        for (int i = 0; i < put.size(); i += 3) {
            positions.put(put.get(i), -i);   // a second put replaces the value, adds no entry
        }
        for (int i = 0; i < put.size(); i++) {
            assertEquals(i % 3 == 0 ? -i : i, positions.get(put.get(i)), "node " + i);
            assertTrue(positions.contains(put.get(i)));
        }
        for (Node node : never) {
            assertEquals(NodePositions.ABSENT, positions.get(node));
            assertFalse(positions.contains(node));
        }
    }
}
