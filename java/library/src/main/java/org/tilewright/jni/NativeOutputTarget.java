package org.tilewright.jni;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.AsUtf16;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.tilewright.TilewrightException;

/** Peer of {@code tilewright::OutputTarget}. Owned by whoever allocated it; close it when done. */
@Properties(inherit = NativeConfig.class)
@Namespace("tilewright")
@Name("OutputTarget")
public class NativeOutputTarget extends Pointer {
    static {
        Loader.load();
    }

    /** An output written at {@code temporaryPath} and named {@code finalPath} in messages. */
    public NativeOutputTarget(String finalPath, String temporaryPath, int kindCode) {
        allocate(finalPath, temporaryPath, kindCode);
    }

    private native void allocate(@AsUtf16 @JavaString String finalPath,
            @AsUtf16 @JavaString String temporaryPath, int kindCode)
            throws TilewrightException;

    public native void setTileFolder(@AsUtf16 @JavaString String temporaryFolder);

    public native void setJournal(@AsUtf16 @JavaString String journalPath);
}
