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

/**
 * Peer of {@code tilewright::Stitcher}. {@link #run()} blocks; {@link #cancel()} and the
 * progress getters may be called from other threads while it runs.
 */
@Properties(inherit = NativeConfig.class)
@Namespace("tilewright")
@Name("Stitcher")
public class NativeStitcher extends Pointer {
    static {
        Loader.load();
    }

    /** A stitch into {@code target} of an image described by {@code output}. */
    public NativeStitcher(NativeOutputTarget target, NativeSpec output, NativeOutputOptions options) {
        allocate(target, output, options);
    }

    private native void allocate(@Const @ByRef NativeOutputTarget target, @Const @ByRef NativeSpec output,
            @Const @ByRef NativeOutputOptions options) throws TilewrightException;

    public native void addInput(@AsUtf16 @JavaString String path, int x, int y, int width,
            int height, int channels) throws TilewrightException;

    public native void addCroppedInput(@AsUtf16 @JavaString String path, int x, int y, int width,
            int height, int channels, int sourceX, int sourceY, int fileWidth, int fileHeight,
            boolean straightAlpha)
            throws TilewrightException;

    /** An input whose pixels come from source {@code sourceIndex} of the reader set with {@link #setSourceReader}. */
    public native void addSourceInput(int sourceIndex, @AsUtf16 @JavaString String name, int x, int y, int width,
            int height, int channels, int typeCode, boolean straightAlpha) throws TilewrightException;

    /** The function the stitch calls for the pixels of source inputs; the caller keeps it open until the run ends. */
    public native void setSourceReader(NativeSourceReader reader);

    public native void setLastInputDecoding(float gamma) throws TilewrightException;

    public native void setLastInputShift(float dx, float dy) throws TilewrightException;

    public native void addPart(@Const @ByRef NativeSpec spec) throws TilewrightException;

    public native void setBlend(int blendCode, int featherWidth) throws TilewrightException;

    public native void setBackground(int channel, float value) throws TilewrightException;

    public native void setBandHeight(int rows);

    public native void setMaxOpenFiles(int files);

    public native void setMissingPolicy(int policyCode) throws TilewrightException;

    public native void setScratchBytes(long bytes);

    public native void run() throws TilewrightException;

    public native void cancel();

    public native long rowsDone();

    public native long rowsTotal();

    public native long bytesWritten();

    public native long peakOpenFiles();

    public native long reopenings();

    public native int problemCount();

    @AsUtf16 @JavaString public native String problemPath(int index);

    @AsUtf16 @JavaString public native String problemReason(int index);

    @AsUtf16 @JavaString public native String resumeNotice();
}
