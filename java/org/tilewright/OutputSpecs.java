package org.tilewright;

import java.nio.file.Path;
import java.util.Locale;

/** Format facts Tilewright applies to every output: BigTIFF, default tiling. */
final class OutputSpecs {
    private OutputSpecs() {}

    static String extension(Path path) {
        String name = path.getFileName() == null ? ""
                : path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    static boolean isTiff(Path path) {
        String ext = extension(path);
        return ext.equals("tif") || ext.equals("tiff") || ext.equals("btf") || ext.equals("tf8");
    }

    /** Default tile size: 256 for TIFF, 64 for OpenEXR, 0 (rows) for other formats. */
    static int defaultTileSize(Path path) {
        if (isTiff(path)) {
            return 256;
        }
        return extension(path).equals("exr") ? 64 : 0;
    }

    /** {@code spec} with {@code tiff:bigtiff} set when {@link BigTiffRule} says so. */
    static ImageSpec withAutomaticBigTiff(Path path, ImageSpec spec) {
        if (!isTiff(path) || spec.attribute("tiff:bigtiff") != null) {
            return spec;
        }
        long chunks = spec.isTiled()
                ? ((long) (spec.width() + spec.tileWidth() - 1) / spec.tileWidth())
                        * ((spec.height() + spec.tileHeight() - 1) / spec.tileHeight())
                : spec.height();
        Object compression = spec.attribute("compression");
        // Reduced levels add up to a third of level 0 (1/4 + 1/16 + …).
        Object levels = spec.attribute(ImageSpec.PYRAMID_LEVELS);
        boolean pyramid = levels instanceof Integer && (Integer) levels != 0 && (Integer) levels != 1;
        long bytes = pyramid ? spec.imageBytes() / 3 * 4 : spec.imageBytes();
        if (!BigTiffRule.needsBigTiff(bytes, chunks,
                compression == null ? null : compression.toString())) {
            return spec;
        }
        return spec.toBuilder().attribute("tiff:bigtiff", 1).build();
    }
}
