package dev.trellis.runtime.nn;

import java.util.function.LongFunction;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Native memory for OpenBLAS's operands that each thread keeps from one product to the next, a few numbered buffers
 * grown to the largest size asked for.
 *
 * <p>Allocating native memory through JavaCPP costs more than copying a block of rows into it: each allocation
 * checks the process's physical memory (reading {@code /proc}), which in a profile of the nnHMM's step took as many
 * samples as a tenth of its products. Callers use the buffers for one product at a time and never across calls, so a
 * thread's buffers are free whenever it starts one; they are freed with the thread's values when it ends.
 */
final class NativeBuffers {

    /** The buffers a caller may number, from 0. */
    static final int COUNT = 4;

    private static final ThreadLocal<NativeBuffers> OF_THREAD = ThreadLocal.withInitial(NativeBuffers::new);

    private final DoublePointer[] buffers = new DoublePointer[COUNT];
    private final FloatPointer[] singles = new FloatPointer[COUNT];
    /** Java-side floats between a {@code double[]} and a float buffer ({@link SingleProducts}). */
    private final float[] staging = new float[SingleProducts.CHUNK];

    private NativeBuffers() {
    }

    /** {@return this thread's buffers} */
    static NativeBuffers ofThisThread() {
        return OF_THREAD.get();
    }

    /** {@return buffer {@code slot}, with room for at least {@code size} doubles; its contents are unspecified} */
    DoublePointer get(int slot, long size) {
        return grown(buffers, slot, size, DoublePointer::new);
    }

    /** {@return float buffer {@code slot}, with room for at least {@code size} floats; its contents are unspecified} */
    FloatPointer singles(int slot, long size) {
        return grown(singles, slot, size, FloatPointer::new);
    }

    /** {@return {@code slots[slot]}, replaced by a new buffer (the old one freed) when it holds fewer than {@code size}} */
    private static <P extends Pointer> P grown(P[] slots, int slot, long size, LongFunction<P> allocate) {
        P buffer = slots[slot];
        if (buffer == null || buffer.capacity() < size) {
            if (buffer != null) {
                buffer.close();
            }
            buffer = allocate.apply(Math.max(1L, size));
            slots[slot] = buffer;
        }
        return buffer;
    }

    /** {@return this thread's {@value SingleProducts#CHUNK} floats for converting between doubles and a buffer} */
    float[] staging() {
        return staging;
    }
}
