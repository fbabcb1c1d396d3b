package org.tilewright;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Options of a Deep Zoom output (an output path ending in {@code .dzi}): the descriptor, a
 * folder {@code <name>_files} of 8-bit JPEG or PNG tiles for every level down to one pixel,
 * and {@code <name>.html}, a viewer page with OpenSeadragon inside that opens by
 * double-click. Defaults are those of OpenSeadragon and libvips' dzsave: tiles of 254 with
 * 1 pixel of overlap, JPEG (PNG when the image has alpha).
 */
public final class DeepZoom {
    /** Tile edge without the overlap, as OpenSeadragon and dzsave default to. */
    public static final int DEFAULT_TILE_SIZE = 254;
    /** Pixels each tile repeats of its neighbours, on each side. */
    public static final int DEFAULT_OVERLAP = 1;
    /** JPEG quality of the tiles. */
    public static final int DEFAULT_QUALITY = 85;

    private final int tileSize;
    private final int overlap;
    private final String format;
    private final int quality;
    private final PyramidFilter filter;

    private DeepZoom(int tileSize, int overlap, String format, int quality, PyramidFilter filter) {
        if (tileSize < 1 || overlap < 0 || overlap > tileSize / 2) {
            throw new IllegalArgumentException("Deep Zoom tiles need a size of at least 1 and an overlap"
                    + " of 0 to half of it, got " + tileSize + " and " + overlap);
        }
        if (format != null && !format.equals("jpeg") && !format.equals("png")) {
            throw new IllegalArgumentException("Deep Zoom tiles are jpeg or png, not " + format);
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality is 1 to 100, got " + quality);
        }
        this.tileSize = tileSize;
        this.overlap = overlap;
        this.format = format;
        this.quality = quality;
        this.filter = java.util.Objects.requireNonNull(filter, "filter");
    }

    /** 254-pixel tiles, 1 pixel of overlap, JPEG at quality 85 (PNG with alpha). */
    public static DeepZoom defaults() {
        return new DeepZoom(DEFAULT_TILE_SIZE, DEFAULT_OVERLAP, null, DEFAULT_QUALITY, PyramidFilter.BOX);
    }

    /** Whether {@code path} names a Deep Zoom descriptor ({@code .dzi}, any case). */
    public static boolean isDescriptor(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".dzi");
    }

    /** The tile folder beside a descriptor: {@code a.dzi} has {@code a_files}. */
    public static Path tileFolder(Path descriptor) {
        return descriptor.resolveSibling(stem(descriptor) + "_files");
    }

    /** What a {@code .dzi} descriptor says: the full image's size, its tiles and their format. */
    public record Descriptor(int width, int height, int tileSize, int overlap, String format) {}

    /**
     * Reads a Deep Zoom descriptor (ours or libvips' dzsave's); throws naming the file if it
     * is missing or not one. DTDs and external entities are refused (an XML file is input).
     */
    public static Descriptor readDescriptor(Path descriptor) {
        try {
            javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            org.w3c.dom.Element image = f.newDocumentBuilder().parse(descriptor.toFile()).getDocumentElement();
            org.w3c.dom.Element size = (org.w3c.dom.Element) image.getElementsByTagName("Size").item(0);
            if (!image.getTagName().equals("Image") || size == null) {
                throw new TilewrightException(TilewrightException.Kind.BAD_INPUT,
                        descriptor + ": is not a Deep Zoom descriptor (no Image with a Size)");
            }
            return new Descriptor(Integer.parseInt(size.getAttribute("Width")), Integer.parseInt(size.getAttribute("Height")),
                    Integer.parseInt(image.getAttribute("TileSize")), Integer.parseInt(image.getAttribute("Overlap")),
                    image.getAttribute("Format"));
        } catch (java.io.IOException e) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, descriptor + ": cannot be read: "
                    + OutputTarget.describe(e), e);
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException | NumberFormatException e) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT,
                    descriptor + ": is not a Deep Zoom descriptor (" + e.getMessage() + ")", e);
        }
    }

    /** The viewer page beside a descriptor: {@code a.dzi} has {@code a.html}. */
    public static Path viewerPage(Path descriptor) {
        return descriptor.resolveSibling(stem(descriptor) + ".html");
    }

    private static String stem(Path descriptor) {
        String name = descriptor.getFileName().toString();
        return name.substring(0, name.length() - ".dzi".length());
    }

    /** These options with tiles of {@code size} pixels a side (before the overlap). */
    public DeepZoom withTileSize(int size) {
        return new DeepZoom(size, overlap, format, quality, filter);
    }

    /** These options with {@code pixels} of overlap on each side of a tile. */
    public DeepZoom withOverlap(int pixels) {
        return new DeepZoom(tileSize, pixels, format, quality, filter);
    }

    /** "jpeg", "jpg" or "png"; null chooses by alpha. */
    public DeepZoom withFormat(String name) {
        String normal = name == null ? null : name.toLowerCase(Locale.ROOT).replace("jpg", "jpeg");
        return new DeepZoom(tileSize, overlap, normal, quality, filter);
    }

    /** These options with another JPEG quality (1–100). */
    public DeepZoom withQuality(int jpegQuality) {
        return new DeepZoom(tileSize, overlap, format, jpegQuality, filter);
    }

    /** These options with another filter for the reduced levels. */
    public DeepZoom withFilter(PyramidFilter levelFilter) {
        return new DeepZoom(tileSize, overlap, format, quality, levelFilter);
    }

    /** Tile edge in pixels, without the overlap. */
    public int tileSize() {
        return tileSize;
    }

    /** Overlap in pixels on each side of a tile. */
    public int overlap() {
        return overlap;
    }

    /** "jpeg", "png", or null for the default by alpha. */
    public String format() {
        return format;
    }

    /** JPEG quality of the tiles. */
    public int quality() {
        return quality;
    }

    /** How the reduced levels are made. */
    public PyramidFilter filter() {
        return filter;
    }

    /** The tile format for an image of {@code channels}: the one asked for, else PNG with alpha, JPEG without. */
    String tileFormatFor(int channels) {
        if (format != null) {
            return format;
        }
        return channels == 2 || channels == 4 ? "png" : "jpeg";
    }
}
