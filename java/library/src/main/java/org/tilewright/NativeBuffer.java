package org.tilewright;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;

/**
 * Native memory seen as a direct ByteBuffer, freed when its owner closes it. Java's own direct
 * buffers are freed only when the garbage collector gets round to them, so a loop of jobs can
 * pile up hundreds of megabytes; these cannot.
 */
final class NativeBuffer implements AutoCloseable {
    private final BytePointer memory;
    private final ByteBuffer view;

    /** {@code bytes} of uninitialised native memory (at most 2 GiB). */
    NativeBuffer(long bytes) {
        if (bytes < 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a buffer holds 0 to 2 GiB, not " + bytes + " bytes");
        }
        memory = new BytePointer(Math.max(1, bytes));
        view = memory.limit(Math.max(1, bytes)).asByteBuffer().order(ByteOrder.nativeOrder());
        view.limit((int) bytes);
    }

    /** The memory as a native-order direct buffer (position 0, limit = size). */
    ByteBuffer buffer() {
        return view;
    }

    /** Size in bytes. */
    long size() {
        return view.capacity();
    }

    /** Frees the memory; the buffer must not be used afterwards. */
    @Override
    public void close() {
        memory.close();
    }
}
