package org.tilewright;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.tilewright.jni.NativeLibrary;

/**
 * Loads the native library once, before any entry point touches a file, and turns a failure
 * into a {@link TilewrightException} of kind {@link TilewrightException.Kind#NATIVE_LIBRARY}
 * saying what is missing — not JavaCPP's "no jniTilewright in java.library.path", and never
 * after a partial output was created.
 */
final class NativeLoading {
    /// What the dynamic loader says of a library it cannot find, inside JavaCPP's errors.
    private static final Pattern NOT_FOUND = Pattern.compile("(lib[^\\s:/]+\\.so[^\\s:]*): cannot open shared object file");

    private static volatile boolean loaded;
    private static volatile String failure;

    private NativeLoading() {
    }

    /** Returns once the native library is loaded; else throws saying why, every time. */
    static void require() {
        if (loaded) {
            return;
        }
        synchronized (NativeLoading.class) {
            if (!loaded && failure == null) {
                try {
                    Loader.load(NativeLibrary.class);
                    loaded = true;
                } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
                    failure = explain(e);
                }
            }
        }
        if (!loaded) {
            throw new TilewrightException(TilewrightException.Kind.NATIVE_LIBRARY, failure);
        }
    }

    /** One sentence for a load failure: the missing library by name, else the loader's reason. */
    static String explain(Throwable error) {
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(error);
        String deepest = String.valueOf(error.getMessage());
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            String message = String.valueOf(t.getMessage());
            Matcher missing = NOT_FOUND.matcher(message);
            if (missing.find()) {
                String library = missing.group(1);
                return "Tilewright's native library cannot load: " + library + " not found; "
                        + (library.startsWith("libOpenImageIO")
                        ? "it needs OpenImageIO 2.4 as Debian 12 ships it (apt-get install libopenimageio2.4)"
                        : "install the package that provides it");
            }
            if (message.contains("Could not create the cache")) {
                return "cannot unpack Tilewright's native library: neither " + System.getProperty("user.home")
                        + "/.javacpp/cache nor the temporary folder " + System.getProperty("java.io.tmpdir")
                        + " can be written; make one writable, or give a folder with"
                        + " -Dorg.bytedeco.javacpp.cachedir=DIR";
            }
            if (t.getCause() != null) {
                deepest = String.valueOf(t.getCause().getMessage());
                pending.add(t.getCause());
            }
            pending.addAll(java.util.List.of(t.getSuppressed()));
        }
        return "Tilewright's native library cannot load: " + deepest;
    }
}
