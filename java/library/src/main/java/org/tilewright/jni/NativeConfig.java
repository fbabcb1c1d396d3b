package org.tilewright.jni;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Build and load settings shared by every peer: one JNI library, {@code jniTilewright}, that
 * links the facade archive built by CMake and the system's OpenImageIO.
 */
@Properties(@Platform(
        compiler = "cpp17",
        include = {
            "tilewright/error.h",
            "tilewright/java_string_adapter.h",
            "tilewright/pixel_type.h",
            "tilewright/spec.h",
            "tilewright/output_options.h",
            "tilewright/output_target.h",
            "tilewright/image_writer.h",
            "tilewright/image_reader.h",
            "tilewright/library.h",
            "tilewright/open_screen.h",
            "tilewright/file_moves.h",
            "tilewright/stderr_filter.h",
            "tilewright/stitcher.h",
            "tilewright/tiff_band_assembly.h",
            "tilewright/zarr_band_assembly.h"
        },
        // JavaCPP passes these to the linker last first: the static archive of ours comes
        // before the libraries it calls, so that each is linked in.
        link = {"z", "OpenEXRCore-3_1", "zstd", "deflate", "tiff", "OpenImageIO_Util", "OpenImageIO", "tilewright"},
        library = "jniTilewright"))
public final class NativeConfig {
    private NativeConfig() {}
}
