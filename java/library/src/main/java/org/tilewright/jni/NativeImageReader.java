package org.tilewright.jni;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.AsUtf16;
import org.bytedeco.javacpp.annotation.ByVal;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.tilewright.TilewrightException;

/**
 * Peer of {@code tilewright::ImageReader}. Buffers must be direct, with the data starting at
 * position 0 (pass a {@code slice()}); their capacity is passed as {@code capacity}.
 */
@Properties(inherit = NativeConfig.class)
@Namespace("tilewright")
@Name("ImageReader")
public class NativeImageReader extends Pointer {
    static {
        Loader.load();
    }

    /** Opens {@code path} for reading. */
    public NativeImageReader(String path) {
        allocate(path);
    }

    private native void allocate(@AsUtf16 @JavaString String path) throws TilewrightException;

    /** A copy of the image's spec; the caller closes it. */
    public native @ByVal NativeSpec spec() throws TilewrightException;

    @AsUtf16 @JavaString public native String formatName() throws TilewrightException;

    public native int subimageCount() throws TilewrightException;

    public native long decodeBytesAtOnce() throws TilewrightException;

    public native int mipLevelCount() throws TilewrightException;

    public native void selectLevel(int subimage, int mipLevel) throws TilewrightException;

    public native void readScanlines(int yBegin, int yEnd, int chBegin, int chEnd, int typeCode,
            @Cast("void*") ByteBuffer data, long capacity) throws TilewrightException;

    public native void readTiles(int xBegin, int xEnd, int yBegin, int yEnd, int chBegin,
            int chEnd, int typeCode, @Cast("void*") ByteBuffer data, long capacity)
            throws TilewrightException;

    public native void readRegion(int x, int y, int width, int height, int chBegin, int chEnd,
            int typeCode, @Cast("void*") ByteBuffer data, long capacity) throws TilewrightException;

    /** Releases the file; the peer itself is freed by {@link #close()} (JavaCPP's deallocator). */
    @Name("close") public native void releaseFile();
}
