package org.tilewright.jni;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.AsUtf16;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.tilewright.TilewrightException;

/** Peer of {@code tilewright::OutputOptions}. Owned by whoever allocated it; close it when done. */
@Properties(inherit = NativeConfig.class)
@Namespace("tilewright")
@Name("OutputOptions")
public class NativeOutputOptions extends Pointer {
    static {
        Loader.load();
    }

    public NativeOutputOptions() {
        allocate();
    }

    private native void allocate();

    public native void setThreads(int threads);

    public native void setPyramidLevels(int levels);

    public native void setPyramidFilter(int filterCode) throws TilewrightException;

    public native void setDeepZoom(int tileSize, int overlap, boolean png, int quality);

    public native void setResumeKey(@AsUtf16 @JavaString String key);

    public native void setOmePlanar(boolean planar);

    public native void setPixelSize(double x, double y, @AsUtf16 @JavaString String unit);

    /** An OME-Zarr band of a larger image, from its level-0 row {@code top}. */
    public native void setBandTop(int top);

    /** An OME-Zarr output fed the rows of its level {@code level}, writing only the levels below. */
    public native void setFirstLevel(int level);
}
