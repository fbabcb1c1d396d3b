package org.tilewright.jni;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.AsUtf16;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.tilewright.TilewrightException;

/** Peer of {@code tilewright::Spec}. Owned by whoever allocated it; close it when done. */
@Properties(inherit = NativeConfig.class)
@Namespace("tilewright")
@Name("Spec")
public class NativeSpec extends Pointer {
    static {
        Loader.load();
    }

    /** Peer of a spec the caller owns. */
    public NativeSpec(int width, int height, int channels, int typeCode) {
        allocate(width, height, channels, typeCode);
    }

    /** Wraps a spec returned by value from native code (JavaCPP allocates a copy). */
    public NativeSpec(Pointer p) {
        super(p);
    }

    private native void allocate(int width, int height, int channels, int typeCode)
            throws TilewrightException;

    public native void setOrigin(int x, int y);

    public native void setFullWindow(int x, int y, int width, int height);

    public native void setTileSize(int tileWidth, int tileHeight);

    public native void setChannelName(int channel, @AsUtf16 @JavaString String name)
            throws TilewrightException;

    public native void setChannelType(int channel, int typeCode) throws TilewrightException;

    public native void setAlphaChannel(int channel);

    public native void setAttribute(@AsUtf16 @JavaString String name,
            @AsUtf16 @JavaString String value);

    public native void setAttribute(@AsUtf16 @JavaString String name, int value);

    public native void setAttribute(@AsUtf16 @JavaString String name, float value);

    @Const public native int width();

    @Const public native int height();

    @Const public native int channels();

    @Const public native int typeCode();

    @Const public native int x();

    @Const public native int y();

    @Const public native int fullX();

    @Const public native int fullY();

    @Const public native int fullWidth();

    @Const public native int fullHeight();

    @Const public native int tileWidth();

    @Const public native int tileHeight();

    @Const public native int alphaChannel();

    @Const @AsUtf16 @JavaString public native String channelName(int channel);

    @Const public native int channelTypeCode(int channel);

    @Const public native boolean deep();

    @Const public native int attributeCount();

    @Const @AsUtf16 @JavaString public native String attributeName(int index)
            throws TilewrightException;

    @Const @AsUtf16 @JavaString public native String attributeValue(int index)
            throws TilewrightException;

    @Const @AsUtf16 @JavaString public native String attributeType(int index)
            throws TilewrightException;

    @Const public native long imageBytes();
}
