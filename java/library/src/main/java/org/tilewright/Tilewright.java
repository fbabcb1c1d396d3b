package org.tilewright;

import org.tilewright.jni.NativeLibrary;

/** Facts about the library and the OpenImageIO it runs on. */
public final class Tilewright {
    /** Tilewright's version. */
    public static final String VERSION = "0.1.0";

    private Tilewright() {}

    /**
     * Loads the native library if it is not loaded yet; throws a {@link TilewrightException} of
     * kind {@link TilewrightException.Kind#NATIVE_LIBRARY} saying what is missing if it cannot
     * load (every entry point checks this before it touches a file).
     */
    public static void requireNativeLibrary() {
        NativeLoading.require();
    }

    /** The version of the OpenImageIO library in use, e.g. "2.4.7". */
    public static String openImageIOVersion() {
        NativeLoading.require();
        return NativeLibrary.openImageIOVersion();
    }

    /** The usual tile size for a file: 256 for TIFF, 64 for OpenEXR, 0 (scanlines) otherwise. */
    public static int defaultTileSize(java.nio.file.Path path) {
        return OutputKind.of(path).defaultTileSize();
    }

    /** As {@link #defaultTileSize(java.nio.file.Path)} for pixels of {@code type} (double TIFFs: strips). */
    public static int defaultTileSize(java.nio.file.Path path, PixelType type) {
        return OutputKind.of(path).defaultTileSize(type);
    }

    /**
     * The most memory any reader may take at once to begin decoding a file whose format is
     * decoded whole (a progressive JPEG's coefficients), process-wide, like OIIO's
     * {@code limits:imagesize_MB}: a file that needs more is refused at open, before its
     * header can make the decoder allocate. A quarter of physical memory unless set; the
     * command line sets half its memory budget.
     */
    public static void setDecodeLimit(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the decode limit must be positive, not " + bytes);
        }
        NativeLoading.require();
        NativeLibrary.setWholeDecodeLimit(bytes);
    }

    /** The limit {@link #setDecodeLimit} sets. */
    public static long decodeLimit() {
        NativeLoading.require();
        return NativeLibrary.wholeDecodeLimit();
    }

    /**
     * For a signal handler: removes the temporary files of every output this process is still
     * writing (their jobs then fail instead of moving them into place) and waits for an output
     * being moved into place to get there. Returns whether some output was (or is now) in
     * place — then its job's own ending should stand; otherwise everything was stopped and
     * nothing of it remains. The engine may still make a file before it sees the stop: call
     * this again once the job has ended (or given up waiting) to remove that too.
     */
    public static boolean discardUnfinishedOutputs() {
        return OutputTarget.discardUnfinished();
    }

    /**
     * The outputs of this process that were left unfinished with their files kept, because the
     * job was resumable and had made something durable: running it again continues them.
     */
    public static java.util.List<java.nio.file.Path> outputsKeptForResume() {
        return java.util.List.copyOf(OutputTarget.KEPT);
    }

    /**
     * Whether {@code path} is a temporary file of an unfinished output ({@code name.tw-partial-…}):
     * what a killed job leaves; never an input.
     */
    public static boolean isUnfinishedOutput(java.nio.file.Path path) {
        return OutputTarget.isPartial(path);
    }

    /** The formats OIIO can handle, as "name:ext,ext;name:ext…". */
    public static String openImageIOFormats() {
        NativeLoading.require();
        return NativeLibrary.openImageIOFormats();
    }
}
