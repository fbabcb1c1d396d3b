package org.tilewright.jni;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.AsUtf16;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.tilewright.TilewrightException;

/** Peer of {@code tilewright::TiffBandAssembly}: one TIFF from the part files of a banded stitch. */
@Properties(inherit = NativeConfig.class)
@Namespace("tilewright")
@Name("TiffBandAssembly")
public class NativeTiffBandAssembly extends Pointer {
    static {
        Loader.load();
    }

    /** The assembly of {@code target}, described by {@code output}, written with {@code options}. */
    public NativeTiffBandAssembly(NativeOutputTarget target, NativeSpec output, NativeOutputOptions options) {
        allocate(target, output, options);
    }

    private native void allocate(@Const @ByRef NativeOutputTarget target, @Const @ByRef NativeSpec output,
            @Const @ByRef NativeOutputOptions options) throws TilewrightException;

    public native void addInput(@AsUtf16 @JavaString String path) throws TilewrightException;

    public native void addPart(@AsUtf16 @JavaString String path) throws TilewrightException;

    public native void setPartLevels(int levels) throws TilewrightException;

    /** Throws, naming the output, unless the parts of this output can be joined by copying their tiles. */
    public native void check() throws TilewrightException;

    public native void run() throws TilewrightException;

    /** Levels (level 0 included) a TIFF of {@code spec} holds for a pyramid request (0: none, -1: automatic). */
    public static native int levelCount(@Const @ByRef NativeSpec spec, int pyramidRequest) throws TilewrightException;
}
