package org.tilewright;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Deadline Draft Tile Assembler config, read as Draft's assembler reads it:
 *
 * <ul>
 *   <li>{@code ImageWidth} and {@code ImageHeight} are the frame (the canvas); without them
 *       the first tile's size is, as in Draft;
 *   <li>{@code Tile<N>X} and {@code Tile<N>Y} place the tile's lower-left corner, Y counting
 *       up from the frame's bottom; values may be written as decimals ("480.0"), which Draft
 *       truncates with {@code int(float(v))};
 *   <li>{@code DistanceAsPixels=False}: X, Y, Width and Height are fractions of the frame;
 *   <li>{@code TilesCropped=False}: every tile file is a full-frame render of which only
 *       its {@code Width x Height} region at X, Y is placed (the rest is empty or stale).
 * </ul>
 */
final class DeadlineConfig {
    private DeadlineConfig() {}

    /// A "TileCount=" line, found without parsing a large CSV or Fiji manifest into keys.
    private static final java.util.regex.Pattern TILE_COUNT =
            java.util.regex.Pattern.compile("(?im)^\\s*TileCount\\s*=");

    static boolean looksLikeOne(String text) {
        return TILE_COUNT.matcher(text).find();
    }

    static Manifest read(String text, Path base, Path manifest) {
        Map<String, String> keys = Manifests.keyValues(text);
        int count = (int) pixels(keys, "TileCount", manifest);
        if (count <= 0) {
            throw Manifests.failure(manifest, "TileCount must be at least 1, got " + keys.get("tilecount"));
        }
        boolean cropped = flag(keys, "TilesCropped", true, manifest);
        boolean inPixels = flag(keys, "DistanceAsPixels", true, manifest);
        int width;
        int height;
        if (keys.containsKey("imagewidth") && keys.containsKey("imageheight")) {
            width = (int) pixels(keys, "ImageWidth", manifest);
            height = (int) pixels(keys, "ImageHeight", manifest);
        } else {
            // Draft takes the frame's size from the first tile when the config does not give it.
            ImageSpec first = ImageReader.readSpec(tileFile(keys, 0, base, manifest));
            width = first.width();
            height = first.height();
        }
        if (width <= 0 || height <= 0) {
            throw Manifests.failure(manifest, "the frame must have a positive size, got " + width + "x" + height);
        }
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path path = tileFile(keys, i, base, manifest);
            String prefix = "Tile" + i;
            int x = coordinate(keys, prefix + "X", inPixels, width, manifest);
            int y = coordinate(keys, prefix + "Y", inPixels, height, manifest);
            boolean sized = keys.containsKey(prefix.toLowerCase(Locale.ROOT) + "width")
                    && keys.containsKey(prefix.toLowerCase(Locale.ROOT) + "height");
            if (!cropped && !sized) {
                throw Manifests.failure(manifest, "tile " + i + ": TilesCropped=False needs " + prefix
                        + "Width and " + prefix + "Height, the region to take from the full-frame render");
            }
            int tileWidth;
            int tileHeight;
            if (sized) {
                tileWidth = coordinate(keys, prefix + "Width", inPixels, width, manifest);
                tileHeight = coordinate(keys, prefix + "Height", inPixels, height, manifest);
            } else {
                ImageSpec s = ImageReader.readSpec(path);
                tileWidth = s.width();
                tileHeight = s.height();
            }
            if (tileWidth <= 0 || tileHeight <= 0) {
                throw Manifests.failure(manifest, "tile " + i + " has an empty size " + tileWidth + "x" + tileHeight);
            }
            int top = height - y - tileHeight;  // Draft's Y is the tile's bottom edge, from the frame's bottom
            Placement p = new Placement(path, x, top);
            placements.add(cropped ? p : p.withCrop(new Region(x, top, tileWidth, tileHeight)));
            if (!cropped && (x < 0 || top < 0)) {
                throw Manifests.failure(manifest, "tile " + i + ": the region " + tileWidth + "x" + tileHeight
                        + " at " + x + "," + y + " is not inside the " + width + "x" + height + " frame");
            }
        }
        return new Manifest(placements, width, height);
    }

    private static Path tileFile(Map<String, String> keys, int i, Path base, Path manifest) {
        String file = keys.getOrDefault("tile" + i + "filename", keys.get("tile" + i));
        if (file == null || file.isEmpty()) {
            throw Manifests.failure(manifest, "tile " + i + " needs Tile" + i + "FileName");
        }
        return Manifests.resolve(base, file);
    }

    private static boolean flag(Map<String, String> keys, String key, boolean otherwise, Path manifest) {
        String v = keys.get(key.toLowerCase(Locale.ROOT));
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw Manifests.failure(manifest, key + " must be True or False, got '" + v + "'");
        };
    }

    /** A value in pixels, truncated as Draft's {@code int(float(v))} does. */
    private static long pixels(Map<String, String> keys, String key, Path manifest) {
        double v = number(keys, key, manifest);
        if (Math.abs(v) > Integer.MAX_VALUE) {
            throw Manifests.failure(manifest, key + " is out of range: " + keys.get(key.toLowerCase(Locale.ROOT)));
        }
        return (long) v;
    }

    /** A position or size: pixels, or a fraction of {@code frame} rounded to the nearest pixel. */
    private static int coordinate(Map<String, String> keys, String key, boolean inPixels, int frame, Path manifest) {
        if (inPixels) {
            return (int) pixels(keys, key, manifest);
        }
        double fraction = number(keys, key, manifest);
        if (fraction < -1 || fraction > 2) {
            throw Manifests.failure(manifest, key + " = " + fraction + " is not a fraction of the frame"
                    + " (DistanceAsPixels=False)");
        }
        return (int) Math.round(fraction * frame);
    }

    private static double number(Map<String, String> keys, String key, Path manifest) {
        String v = keys.get(key.toLowerCase(Locale.ROOT));
        if (v == null) {
            throw Manifests.failure(manifest, "a Deadline tile config needs " + key);
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw Manifests.failure(manifest, key + " is not a number: '" + v + "'");
        }
    }
}
