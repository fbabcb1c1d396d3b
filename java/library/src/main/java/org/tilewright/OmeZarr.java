package org.tilewright;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Facts about an OME-Zarr folder ({@code .ome.zarr}) Tilewright wrote, read from its Zarr
 * metadata (OpenImageIO does not read Zarr): the full-resolution array's size, channels and
 * type, and how many levels the multiscales lists.
 */
public final class OmeZarr {
    private OmeZarr() {}

    /** Whether {@code path} names an OME-Zarr output (by its name). */
    public static boolean isOmeZarr(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ome.zarr");
    }

    /**
     * The spec of {@code folder}'s level 0 (array "0", shape [c, y, x]): width, height, channels
     * and pixel type; throws naming the folder when it is not one Tilewright can describe.
     */
    public static ImageSpec readSpec(Path folder) {
        Map<?, ?> array = json(folder.resolve("0").resolve(".zarray"), folder);
        List<?> shape = (List<?>) array.get("shape");
        if (shape == null || shape.size() != 3) {
            throw bad(folder, "its array 0 is not [c, y, x]");
        }
        PixelType type = switch (String.valueOf(array.get("dtype"))) {
            case "|u1" -> PixelType.UINT8;
            case "|i1" -> PixelType.INT8;
            case "<u2" -> PixelType.UINT16;
            case "<i2" -> PixelType.INT16;
            case "<u4" -> PixelType.UINT32;
            case "<i4" -> PixelType.INT32;
            case "<f2" -> PixelType.HALF;
            case "<f4" -> PixelType.FLOAT;
            case "<f8" -> PixelType.DOUBLE;
            default -> throw bad(folder, "its pixels are " + array.get("dtype"));
        };
        return ImageSpec.builder(((Number) shape.get(2)).intValue(), ((Number) shape.get(1)).intValue(),
                ((Number) shape.get(0)).intValue(), type).build();
    }

    /** The number of levels {@code folder}'s multiscales lists. */
    public static int levelCount(Path folder) {
        Map<?, ?> attributes = json(folder.resolve(".zattrs"), folder);
        List<?> multiscales = (List<?>) attributes.get("multiscales");
        if (multiscales == null || multiscales.isEmpty()) {
            throw bad(folder, "it lists no multiscales");
        }
        return ((List<?>) ((Map<?, ?>) multiscales.get(0)).get("datasets")).size();
    }

    private static Map<?, ?> json(Path file, Path folder) {
        try {
            return (Map<?, ?>) JsonText.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | JsonText.SyntaxError | ClassCastException e) {
            throw bad(folder, "cannot read " + folder.relativize(file) + " (" + e.getMessage() + ")");
        }
    }

    private static TilewrightException bad(Path folder, String why) {
        return new TilewrightException(TilewrightException.Kind.BAD_INPUT, folder + ": not an OME-Zarr image Tilewright reads: " + why);
    }
}
