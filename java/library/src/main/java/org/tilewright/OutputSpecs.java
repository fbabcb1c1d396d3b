package org.tilewright;

import java.nio.file.Path;

/** Format facts Tilewright applies to every output: automatic BigTIFF, an OME-TIFF's OME-XML. */
final class OutputSpecs {
    private OutputSpecs() {}

    /** {@code spec} as {@code path} is written with {@code options}: BigTIFF when needed, OME-XML for an OME-TIFF. */
    static ImageSpec forOutput(Path path, ImageSpec spec, WriteOptions options) {
        OutputKind kind = OutputKind.of(path);  // a native lookup: once
        ImageSpec s = withAutomaticBigTiff(kind, spec, options);
        if (kind != OutputKind.OME_TIFF) {
            return s;
        }
        Path name = path.getFileName();
        return s.toBuilder().attribute("ImageDescription",
                OmeXml.describe(s, name == null ? "image" : name.toString(), options.pixelSize())).build();
    }

    /** {@code spec} with {@code tiff:bigtiff} set when {@link BigTiffRule} says so for a {@code kind} output. */
    private static ImageSpec withAutomaticBigTiff(OutputKind kind, ImageSpec spec, WriteOptions options) {
        if (!kind.isTiff() || spec.attribute("tiff:bigtiff") != null) {
            return spec;
        }
        long chunks = spec.isTiled()
                ? ((long) (spec.width() + spec.tileWidth() - 1) / spec.tileWidth())
                        * ((spec.height() + spec.tileHeight() - 1) / spec.tileHeight())
                : spec.height();
        Object compression = spec.attribute("compression");
        // Reduced levels add up to a third of level 0 (1/4 + 1/16 + …).
        Pyramid levels = options.pyramid();
        boolean pyramid = levels != null && levels.levelCount() != 1;
        long bytes = pyramid ? spec.imageBytes() / 3 * 4 : spec.imageBytes();
        if (!BigTiffRule.needsBigTiff(bytes, chunks,
                compression == null ? null : compression.toString())) {
            return spec;
        }
        return spec.toBuilder().attribute("tiff:bigtiff", 1).build();
    }
}
