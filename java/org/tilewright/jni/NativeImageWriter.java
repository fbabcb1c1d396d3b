package org.tilewright.jni;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.StdString;
import org.tilewright.TilewrightException;

/**
 * Peer of {@code tilewright::ImageWriter}. Buffers must be direct, with the data starting at
 * position 0 (pass a {@code slice()}); their capacity is passed as {@code byteCount}.
 */
@Properties(inherit = NativeConfig.class)
@Namespace("tilewright")
@Name("ImageWriter")
public class NativeImageWriter extends Pointer {
    static {
        Loader.load();
    }

    /** Opens {@code writePath}, choosing the format from {@code formatPath}'s extension. */
    public NativeImageWriter(String formatPath, String writePath, NativeSpec spec) {
        allocate(formatPath, writePath, spec);
    }

    private native void allocate(@StdString String formatPath, @StdString String writePath,
            @Const @ByRef NativeSpec spec) throws TilewrightException;

    public native boolean supports(@StdString String feature) throws TilewrightException;

    @StdString public native String formatName() throws TilewrightException;

    public native void writeScanlines(int yBegin, int yEnd, int typeCode,
            @Cast("const void*") ByteBuffer data, long byteCount) throws TilewrightException;

    public native void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode,
            @Cast("const void*") ByteBuffer data, long byteCount) throws TilewrightException;

    public native void finish() throws TilewrightException;

    public native void abort();

    public native long unitsWritten();

    public native long unitsTotal();
}
