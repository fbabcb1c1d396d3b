package org.tilewright.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tilewright.DeepZoom;
import org.tilewright.PixelType;
import org.tilewright.Pyramid;
import org.tilewright.PyramidFilter;
import org.tilewright.StitchOptions;
import picocli.CommandLine.Option;

/** Options every writing command shares: where, what type, layout and codec. */
final class OutputOptions {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Output image; the format comes from the extension.")
    Path output;

    @Option(names = "--type", paramLabel = "TYPE", converter = PixelTypes.class, completionCandidates = PixelTypeNames.class,
            description = "uint8, uint16, uint32, half, float or double (default: the inputs' widest).")
    PixelType type;

    @Option(names = "--channels", paramLabel = "N", description = "Output channels (default: the inputs' most).")
    int channels;

    @Option(names = "--tile", paramLabel = "WxH", converter = Sizes.TileConverter.class,
            description = "Tile size, N or WxH; 0 writes scanlines (default: 256 for TIFF, 64 for EXR).")
    Integer tile;

    @Option(names = "--compression", paramLabel = "NAME[:LEVEL]",
            description = "zip[:1-9], lzw, packbits, jpeg[:q] (TIFF); zip, piz, dwaa… (EXR); zip, zstd[:1-22] (OME-Zarr).")
    String compression;

    @Option(names = "--bigtiff", paramLabel = "auto|on|off", defaultValue = "auto",
            description = "BigTIFF: auto (when the file can pass 4 GiB), on or off (default: ${DEFAULT-VALUE}).")
    String bigtiff;

    @Option(names = "--attribute", paramLabel = "NAME=VALUE",
            description = "Any OIIO output attribute, e.g. --attribute Software=me (repeatable).")
    List<String> attributes = new ArrayList<>();

    @Option(names = {"--pyramid", "--mipmap"},
            description = "Also write reduced levels in the same pass: a pyramidal TIFF (down to one tile)"
                    + " or a MIP-mapped EXR (down to one pixel).")
    boolean pyramid;

    @Option(names = "--pyramid-levels", paramLabel = "N",
            description = "At most N levels, full resolution included (implies --pyramid; TIFF only).")
    Integer pyramidLevels;

    @Option(names = "--pyramid-filter", paramLabel = "box|nearest",
            description = "How levels are reduced: box (average) or nearest (labels, masks) (default: box).")
    String pyramidFilter;

    @Option(names = "--dzi", description = "Write a Deep Zoom folder and viewer page (the output must end in .dzi).")
    boolean dzi;

    @Option(names = "--dzi-tile-size", paramLabel = "N", description = "Deep Zoom tile size (default: 254).")
    Integer dziTileSize;

    @Option(names = "--dzi-overlap", paramLabel = "N", description = "Deep Zoom tile overlap (default: 1).")
    Integer dziOverlap;

    @Option(names = "--dzi-format", paramLabel = "jpeg|png",
            description = "Deep Zoom tile format (default: jpeg, png with alpha).")
    String dziFormat;

    @Option(names = "--dzi-quality", paramLabel = "Q", description = "JPEG quality of Deep Zoom tiles (default: 85).")
    Integer dziQuality;

    @Option(names = "--overwrite", description = "Replace an existing output file.")
    boolean overwrite;

    @Option(names = "--channel-names", paramLabel = "NAME,NAME…", split = ",",
            description = "The output's channel names, one per channel, e.g. DAPI,GFP,mCherry (default: the inputs').")
    List<String> channelNames;

    @Option(names = "--pixel-size", paramLabel = "SIZE[UNIT]",
            description = "The physical size of a pixel, e.g. 0.325um or 0.25x0.3um (default unit µm), recorded in"
                    + " an OME-TIFF's OME-XML.")
    String pixelSize;

    @Option(names = "--resume",
            description = "Keep a journal of what is durably written (TIFF, 8/16-bit, zip or none; pyramid too):"
                    + " killed or failed, the same command run again continues from there and writes the same bytes.")
    boolean resume;

    @Option(names = "--dry-run", description = "Print the plan and the memory estimate; write nothing.")
    boolean dryRun;

    private boolean isDeepZoom() {
        return DeepZoom.isDescriptor(output);
    }

    /** The pyramid asked for with --pyramid and --pyramid-filter, or null. */
    Pyramid pyramidRequest() {
        if (!pyramid && pyramidLevels == null) {
            if (pyramidFilter != null && !isDeepZoom()) {
                throw new IllegalArgumentException("--pyramid-filter needs --pyramid or a .dzi output");
            }
            return null;
        }
        Pyramid p = pyramidLevels == null ? Pyramid.automatic() : Pyramid.levels(pyramidLevels);
        return p.withFilter(filter());
    }

    private PyramidFilter filter() {
        if (pyramidFilter == null) {
            return PyramidFilter.BOX;
        }
        try {
            return PyramidFilter.valueOf(pyramidFilter.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--pyramid-filter takes box or nearest, not '" + pyramidFilter + "'");
        }
    }

    /** The Deep Zoom options, or null when the output is not a .dzi. */
    DeepZoom deepZoomRequest() {
        boolean tuned = dziTileSize != null || dziOverlap != null || dziFormat != null || dziQuality != null;
        if (!isDeepZoom()) {
            if (dzi || tuned) {
                throw new IllegalArgumentException("--dzi options need an output ending in .dzi, not " + output);
            }
            return null;
        }
        if (pyramid || pyramidLevels != null) {
            throw new IllegalArgumentException("a .dzi output holds every level already; drop --pyramid");
        }
        DeepZoom d = DeepZoom.defaults();
        if (dziTileSize != null) {
            d = d.withTileSize(dziTileSize);
        }
        if (dziOverlap != null) {
            d = d.withOverlap(dziOverlap);
        }
        if (dziFormat != null) {
            d = d.withFormat(dziFormat);
        }
        if (dziQuality != null) {
            d = d.withQuality(dziQuality);
        }
        return d.withFilter(filter());
    }

    /** Applies type, channels, tiles, codec and attributes to stitch options. */
    StitchOptions apply(StitchOptions o) {
        if (type != null) {
            o = o.withPixelType(type);
        }
        if (channels > 0) {
            o = o.withChannels(channels);
        }
        if (tile != null) {
            o = o.withTileSize(tile);
        }
        if (compression != null) {
            o = o.withCompression(compression);
        }
        o = o.withReplaceExisting(overwrite);
        o = o.withResume(resume);
        if (channelNames != null) {
            o = o.withChannelNames(channelNames);
        }
        if (pixelSize != null) {
            o = o.withPixelSize(org.tilewright.PixelSize.parse(pixelSize));
        }
        Pyramid p = pyramidRequest();
        if (p != null) {
            o = o.withPyramid(p);
        }
        DeepZoom d = deepZoomRequest();
        if (d != null) {
            o = o.withDeepZoom(d);
        }
        switch (bigtiff) {
            case "on": o = o.withAttribute("tiff:bigtiff", 1); break;
            case "off": o = o.withAttribute("tiff:bigtiff", 0); break;
            case "auto": break;
            default: throw new IllegalArgumentException("--bigtiff takes auto, on or off, not '" + bigtiff + "'");
        }
        for (String a : attributes) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--attribute takes NAME=VALUE, not '" + a + "'");
            }
            o = o.withAttribute(a.substring(0, eq), typed(a.substring(eq + 1)));
        }
        return o;
    }

    /** An int if it reads as one, else a float, else the text. */
    static Object typed(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException notInt) {
            try {
                return Float.parseFloat(value);
            } catch (NumberFormatException notFloat) {
                return value;
            }
        }
    }

    /** Picocli converter for pixel type names. */
    /** What --type accepts, as completion offers it (not the enum's constant names). */
    static final class PixelTypeNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        PixelTypeNames() {
            super(java.util.List.of("uint8", "uint16", "uint32", "half", "float", "double"));
        }
    }

    static final class PixelTypes implements picocli.CommandLine.ITypeConverter<PixelType> {
        @Override
        public PixelType convert(String value) {
            try {
                return PixelType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
