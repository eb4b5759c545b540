package dev.trellis.runtime.autodiff;

/**
 * A map from the nodes of one backward pass to ints (their place in the walk, or "seen"), by open addressing on
 * {@link Node#hashCode()} with keys compared by identity.
 *
 * <p>The engine's per-call index: an {@code IdentityHashMap} asked the VM for each new node's identity hash, a slow
 * path that cost a backward pass over a tabulated model about as much as its arithmetic. Not thread-safe; each call
 * makes its own.
 */
final class NodePositions {

    /** What {@link #get} returns for a node not in the map. */
    static final int ABSENT = Integer.MIN_VALUE;

    private Node[] keys;
    private int[] values;
    private int size;
    /** 32 minus log2 of the capacity: the top bits of the hash pick the slot (Fibonacci hashing). */
    private int shift;

    NodePositions() {
        keys = new Node[64];
        values = new int[64];
        shift = 32 - 6;
    }

    /** {@return the node's value, or {@link #ABSENT}} */
    int get(Node node) {
        int mask = keys.length - 1;
        for (int slot = node.hashCode() >>> shift; ; slot = (slot + 1) & mask) {
            Node key = keys[slot];
            if (key == node) {
                return values[slot];
            }
            if (key == null) {
                return ABSENT;
            }
        }
    }

    /** {@return whether the node has a value} */
    boolean contains(Node node) {
        return get(node) != ABSENT;
    }

    /** Sets the node's value, replacing any earlier one. */
    void put(Node node, int value) {
        int mask = keys.length - 1;
        int slot = node.hashCode() >>> shift;
        for (Node key = keys[slot]; key != null && key != node; key = keys[slot]) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == null) {
            keys[slot] = node;
            if (++size * 2 > keys.length) {
                values[slot] = value;
                grow();
                return;
            }
        }
        values[slot] = value;
    }

    /** Doubles the table, keeping it at most half full so that probe runs stay short. */
    private void grow() {
        Node[] oldKeys = keys;
        int[] oldValues = values;
        keys = new Node[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        shift--;
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            Node key = oldKeys[i];
            if (key != null) {
                int slot = key.hashCode() >>> shift;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                values[slot] = oldValues[i];
            }
        }
    }
}
