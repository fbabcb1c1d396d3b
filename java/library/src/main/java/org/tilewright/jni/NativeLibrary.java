package org.tilewright.jni;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.AsUtf16;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;

/** Peer of the free functions in {@code tilewright/library.h}. */
@Properties(inherit = NativeConfig.class)
@Namespace("tilewright")
public final class NativeLibrary {
    static {
        Loader.load();
    }

    private NativeLibrary() {}

    public static native @AsUtf16 @JavaString String openImageIOVersion();

    public static native @AsUtf16 @JavaString String openImageIOFormats();

    public static native void configureOpenImageIO();

    /** The largest whole-image decode a reader may begin ({@code tilewright/open_screen.h}). */
    public static native long wholeDecodeLimit();

    public static native void setWholeDecodeLimit(long bytes);

    /** Renames unless {@code to} exists, atomically ({@code tilewright/file_moves.h}); false if it exists. */
    public static native boolean moveWithoutReplacing(@AsUtf16 @JavaString String from,
            @AsUtf16 @JavaString String to)
            throws org.tilewright.TilewrightException;

    /** Routes stderr past a filter of codec libraries' echo lines ({@code tilewright/stderr_filter.h}). */
    public static native boolean filterCodecLinesOnStderr();

    public static native void finishStderrFilter();

    /** The output kind code of {@code path} ({@code tilewright/output_kind.h}). */
    public static native int outputKindCode(@AsUtf16 @JavaString String path);

    /** The sizes of a TIFF's first-directory SubIFDs, "WxH,…" ({@code tilewright/tiff_directories.h}). */
    public static native @AsUtf16 @JavaString String subIfdSizes(@AsUtf16 @JavaString String path);

    /** Whether the stitch turns an input of {@code inputChannels} into {@code outputChannels}. */
    public static native boolean channelsConvertibleTo(int inputChannels, int outputChannels);
}
