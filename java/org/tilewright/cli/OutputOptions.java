package org.tilewright.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tilewright.PixelType;
import org.tilewright.StitchOptions;
import org.tilewright.TilewrightException;
import picocli.CommandLine.Option;

/** Options every writing command shares: where, what type, layout and codec. */
final class OutputOptions {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Output image; the format comes from the extension.")
    Path output;

    @Option(names = "--type", paramLabel = "TYPE", converter = PixelTypes.class,
            description = "uint8, uint16, uint32, half, float or double (default: the inputs' widest).")
    PixelType type;

    @Option(names = "--channels", paramLabel = "N", description = "Output channels (default: the inputs' most).")
    int channels;

    @Option(names = "--tile", paramLabel = "WxH", converter = Sizes.TileConverter.class,
            description = "Tile size, N or WxH; 0 writes scanlines (default: 256 for TIFF, 64 for EXR).")
    Integer tile;

    @Option(names = "--compression", paramLabel = "NAME[:LEVEL]",
            description = "zip[:1-9], lzw, packbits, jpeg[:q] (TIFF); zip, piz, dwaa… (EXR).")
    String compression;

    @Option(names = "--bigtiff", paramLabel = "auto|on|off", defaultValue = "auto",
            description = "BigTIFF: auto (when the file can pass 4 GiB), on or off (default: ${DEFAULT-VALUE}).")
    String bigtiff;

    @Option(names = "--attribute", paramLabel = "NAME=VALUE",
            description = "Any OIIO output attribute, e.g. --attribute Software=me (repeatable).")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--overwrite", description = "Replace an existing output file.")
    boolean overwrite;

    @Option(names = "--dry-run", description = "Print the plan and the memory estimate; write nothing.")
    boolean dryRun;

    /** Refuses to clobber an existing file unless --overwrite. */
    void checkOverwrite() {
        if (!overwrite && Files.exists(output)) {
            throw new TilewrightException(output + ": exists; use --overwrite to replace it");
        }
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
