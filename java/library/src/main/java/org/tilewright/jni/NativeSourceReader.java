package org.tilewright.jni;

import org.bytedeco.javacpp.FunctionPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Allocator;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * The native engine's way back into Java for inputs that are not files: a function pointer
 * the stitch calls, from its own threads, to have a rectangle of a source's pixels written
 * into native memory. A subclass implements {@link #call}; its owner closes it after the job
 * (JavaCPP keeps at most {@code max} of them alive at once).
 */
@Properties(inherit = NativeConfig.class)
@Allocator(max = 64)
public class NativeSourceReader extends FunctionPointer {
    static {
        Loader.load();
    }

    protected NativeSourceReader() {
        allocate();
    }

    private native void allocate();

    /**
     * Writes rows {@code [y, y + height)} by columns {@code [x, x + width)} of source
     * {@code source} into {@code data}, rows {@code rowStride} bytes apart, in the source's
     * own type; returns 0, or -1 when it failed (it must not throw: no Java exception may
     * cross into native code).
     */
    public int call(int source, int x, int y, int width, int height, Pointer data, long rowStride) {
        return -1;
    }
}
