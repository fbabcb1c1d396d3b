package org.tilewright;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves Java arrays to and from one reusable direct buffer, the only kind of memory the
 * native layer reads or writes. Direct buffers given by callers pass through untouched.
 * One instance per reader or writer, closed with it; not thread-safe.
 */
final class PixelBuffers implements AutoCloseable {
    private NativeBuffer stagingMemory;
    private ByteBuffer staging;

    /** The pixel type an array of this class carries, for an image of {@code imageType}. */
    static PixelType typeOfArray(Object array, PixelType imageType) {
        if (array instanceof byte[]) {
            return PixelType.UINT8;
        }
        if (array instanceof short[]) {
            return imageType == PixelType.HALF || imageType == PixelType.INT16 ? imageType
                    : PixelType.UINT16;
        }
        if (array instanceof int[]) {
            return imageType == PixelType.INT32 ? PixelType.INT32 : PixelType.UINT32;
        }
        if (array instanceof float[]) {
            return PixelType.FLOAT;
        }
        if (array instanceof double[]) {
            return PixelType.DOUBLE;
        }
        throw new IllegalArgumentException("unsupported array type "
                + (array == null ? "null" : array.getClass().getSimpleName()));
    }

    /** Number of values in a primitive array. */
    static long lengthOf(Object array) {
        return java.lang.reflect.Array.getLength(array);
    }

    /** A direct, native-order buffer of at least {@code bytes} bytes, reused across calls. */
    ByteBuffer staging(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("one call can move at most 2 GiB; "
                    + bytes + " bytes asked — split the rows or tiles into smaller calls");
        }
        if (staging == null || staging.capacity() < bytes) {
            close();
            stagingMemory = new NativeBuffer(bytes);
            staging = stagingMemory.buffer();
        }
        staging.clear().limit((int) bytes);
        return staging;
    }

    /** Copies the first {@code bytes} bytes' worth of values of {@code array} into staging. */
    ByteBuffer fromArray(Object array, long bytes) {
        ByteBuffer b = staging(bytes);
        int n = (int) (bytes / typeOfArray(array, null).bytes());
        if (array instanceof byte[]) {
            b.put((byte[]) array, 0, n);
        } else if (array instanceof short[]) {
            b.asShortBuffer().put((short[]) array, 0, n);
        } else if (array instanceof int[]) {
            b.asIntBuffer().put((int[]) array, 0, n);
        } else if (array instanceof float[]) {
            b.asFloatBuffer().put((float[]) array, 0, n);
        } else {
            b.asDoubleBuffer().put((double[]) array, 0, n);
        }
        b.clear().limit((int) bytes);
        return b;
    }

    /** Copies {@code bytes} bytes from the start of {@code from} into {@code array}. */
    static void toArray(ByteBuffer from, Object array, long bytes) {
        ByteBuffer b = from.duplicate().order(ByteOrder.nativeOrder());
        b.clear();
        int n = (int) (bytes / typeOfArray(array, null).bytes());
        if (array instanceof byte[]) {
            b.get((byte[]) array, 0, n);
        } else if (array instanceof short[]) {
            b.asShortBuffer().get((short[]) array, 0, n);
        } else if (array instanceof int[]) {
            b.asIntBuffer().get((int[]) array, 0, n);
        } else if (array instanceof float[]) {
            b.asFloatBuffer().get((float[]) array, 0, n);
        } else {
            b.asDoubleBuffer().get((double[]) array, 0, n);
        }
    }

    /** Frees the staging memory (the owner is closing). */
    @Override
    public void close() {
        if (stagingMemory != null) {
            stagingMemory.close();
            stagingMemory = null;
            staging = null;
        }
    }

    /** Copies a heap buffer's remaining bytes into staging; direct buffers are returned as is. */
    ByteBuffer direct(ByteBuffer buffer) {
        if (buffer.isDirect()) {
            return buffer;
        }
        ByteBuffer b = staging(buffer.remaining());
        b.put(buffer.duplicate());
        b.flip();
        return b;
    }
}
