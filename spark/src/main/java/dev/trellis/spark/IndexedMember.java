package dev.trellis.spark;

import java.io.Serial;
import java.io.Serializable;

/** One member of the outermost plate as the cluster holds it: its index in the plate and its data. */
record IndexedMember<T>(int index, T data) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
}
