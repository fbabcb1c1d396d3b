package org.tilewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;
import org.tilewright.PixelType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An image's spec: size, channels, type, tiles, compression, windows, subimages, MIP levels, file size. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print images' size, channels, type, tiling, compression, windows, subimages and pyramid levels.",
        footer = {"", "Examples:", "  tilewright info huge.tif", "  tilewright info --json frame.exr | jq .width"})
final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Images to describe.")
    List<Path> files;

    @Option(names = "--json", description = "One JSON object per file (an array for several).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Path file : files) {
            all.add(describe(file));
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            System.out.println(mapper.writeValueAsString(all.size() == 1 ? all.get(0) : all));
            return 0;
        }
        for (Map<String, Object> d : all) {
            System.out.printf(Locale.ROOT, "%s: %d x %d, %d channel(s) %s%s, %s%n", d.get("file"),
                    d.get("width"), d.get("height"), d.get("channels"), d.get("channels_with_types"),
                    d.get("deep").equals(Boolean.TRUE) ? " (deep: a varying number of samples per pixel)" : "",
                    d.get("tiled").equals(Boolean.TRUE)
                            ? "tiles " + d.get("tile_width") + "x" + d.get("tile_height") : "scanlines");
            System.out.printf(Locale.ROOT, "  format %s, compression %s, %d %s, %s on disk%n",
                    d.get("format"), d.get("compression"), d.get("subimages"),
                    (Integer) d.get("parts") > 1 ? "parts (multi-part OpenEXR)" : "subimage(s)",
                    Sizes.bytes((Long) d.get("file_bytes")));
            System.out.printf(Locale.ROOT, "  data window %s, display window %s%n", d.get("data_window"),
                    d.get("display_window"));
            List<?> levels = (List<?>) d.get("mip_levels");
            if (levels.size() > 1 && levels.get(1).equals(levels.get(0))) {
                // OpenImageIO 2.4 lists a RIP-map's levels all at full size.
                System.out.printf(Locale.ROOT, "  %d levels that do not shrink (a RIP-map?); only the full"
                        + " resolution is read%n", levels.size());
            } else if (levels.size() > 1) {
                System.out.printf(Locale.ROOT, "  %d MIP levels: %s%n", levels.size(),
                        levels.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        return 0;
    }

    /** "R,G,B,A half, Z float": runs of channels of one type, each followed by its type. */
    static String channelsWithTypes(ImageSpec s) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < s.channels(); c++) {
            PixelType t = s.channelTypes().get(c);
            text.append(s.channelNames().get(c));
            boolean runEnds = c + 1 == s.channels() || s.channelTypes().get(c + 1) != t;
            text.append(runEnds ? " " + t.name().toLowerCase(Locale.ROOT) + (c + 1 < s.channels() ? ", " : "") : ",");
        }
        return text.toString();
    }

    static Map<String, Object> describe(Path file) throws java.io.IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        try (ImageReader r = ImageReader.open(file)) {
            ImageSpec s = r.spec();
            d.put("file", file.toString());
            d.put("format", r.formatName());
            d.put("width", s.width());
            d.put("height", s.height());
            d.put("channels", s.channels());
            d.put("channel_names", String.join(",", s.channelNames()));
            d.put("type", s.pixelType().name().toLowerCase(Locale.ROOT));
            d.put("channel_types", s.channelTypes().stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
            d.put("channels_with_types", channelsWithTypes(s));
            d.put("deep", s.isDeep());
            d.put("parts", s.parts());
            d.put("tiled", s.isTiled());
            d.put("tile_width", s.tileWidth());
            d.put("tile_height", s.tileHeight());
            Object compression = s.attribute("compression");
            d.put("compression", compression == null ? "none" : compression.toString());
            d.put("data_window", s.x() + "," + s.y() + " " + s.width() + "x" + s.height());
            d.put("display_window", s.fullX() + "," + s.fullY() + " " + s.fullWidth() + "x" + s.fullHeight());
            d.put("subimages", r.subimageCount());
            List<String> levels = new ArrayList<>();
            for (int k = 0, count = r.mipLevelCount(); k < count; k++) {
                try (ImageReader level = ImageReader.open(file, 0, k)) {
                    levels.add(level.spec().width() + "x" + level.spec().height());
                }
            }
            d.put("mip_levels", levels);
            d.put("file_bytes", Files.size(file));
            d.put("pixel_bytes", s.imageBytes());
        }
        return d;
    }
}
