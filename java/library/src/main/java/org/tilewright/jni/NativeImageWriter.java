package org.tilewright.jni;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.AsUtf16;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
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

    /** Opens the target's temporary path for {@code spec}, written with {@code options}. */
    public NativeImageWriter(NativeOutputTarget target, NativeSpec spec, NativeOutputOptions options) {
        allocate(target, spec, options);
    }

    private native void allocate(@Const @ByRef NativeOutputTarget target, @Const @ByRef NativeSpec spec,
            @Const @ByRef NativeOutputOptions options) throws TilewrightException;

    public native boolean supports(@AsUtf16 @JavaString String feature) throws TilewrightException;

    @AsUtf16 @JavaString public native String formatName() throws TilewrightException;

    public native void writeScanlines(int yBegin, int yEnd, int typeCode,
            @Cast("const void*") ByteBuffer data, long byteCount) throws TilewrightException;

    public native void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode,
            @Cast("const void*") ByteBuffer data, long byteCount) throws TilewrightException;

    public native boolean acceptsTilesFromAnyThread();

    public native void writeTilesFromAnyThread(int xBegin, int xEnd, int yBegin, int yEnd, int typeCode,
            @Cast("const void*") ByteBuffer data, long byteCount) throws TilewrightException;

    public native void finish() throws TilewrightException;

    public native void abort();

    public native long unitsWritten();

    public native long unitsTotal();

    public native int resumeRow();

    @AsUtf16 @JavaString public native String resumeNotice();
}
