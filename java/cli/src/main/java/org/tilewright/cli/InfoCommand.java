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
import org.tilewright.DeepZoom;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;
import org.tilewright.PixelType;
import org.tilewright.TilewrightException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An image's spec: size, channels, type, tiles, compression, windows, subimages, MIP levels, file size. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print images' size, channels, type, tiling, compression, windows, subimages and pyramid levels.",
        footer = {"", "Examples:", "  tilewright info huge.tif", "  tilewright info --json frame.exr | jq '.[0].width'"})
final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Images (or Deep Zoom .dzi descriptors) to describe.")
    List<Path> files;

    @Option(names = "--json", description = "A JSON array with one object per file, however many.")
    boolean json;

    /** Describes every file it can; an unreadable one is named on stderr and makes the exit 1. */
    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> all = new ArrayList<>();
        int unreadable = 0;
        for (Path file : files) {
            try {
                Map<String, Object> d = DeepZoom.isDescriptor(file) ? describeDeepZoom(file)
                        : org.tilewright.OmeZarr.isOmeZarr(file) ? describeOmeZarr(file) : describe(file);
                if (json) {
                    all.add(d);
                } else {
                    print(d);
                }
            } catch (TilewrightException e) {
                unreadable++;
                System.out.flush();
                System.err.println("tilewright: error: " + e.getMessage());
            }
        }
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
        }
        return unreadable == 0 ? 0 : 1;
    }

    private static void print(Map<String, Object> d) {
        if ("ome-zarr".equals(d.get("format"))) {
            System.out.printf(Locale.ROOT, "%s: %d x %d, %d channel(s) %s, OME-Zarr (NGFF 0.4, Zarr v2): %d level(s), %s on disk%n",
                    d.get("file"), d.get("width"), d.get("height"), d.get("channels"), d.get("type"), d.get("levels"),
                    Sizes.bytes((Long) d.get("file_bytes")));
            return;
        }
        if ("deepzoom".equals(d.get("format"))) {
            System.out.printf(Locale.ROOT, "%s: %d x %d, Deep Zoom: %d levels of %s tiles of %d (overlap %d) in %s%n",
                    d.get("file"), d.get("width"), d.get("height"), d.get("levels"), d.get("tile_format"),
                    d.get("tile_size"), d.get("overlap"), d.get("tile_folder"));
            return;
        }
        System.out.printf(Locale.ROOT, "%s: %d x %d, %d channel(s) %s%s, %s%n", d.get("file"),
                d.get("width"), d.get("height"), d.get("channels"), d.get("channels_with_types"),
                d.get("deep").equals(Boolean.TRUE) ? " (deep: a varying number of samples per pixel)" : "",
                d.get("tiled").equals(Boolean.TRUE)
                        ? "tiles " + d.get("tile_width") + "x" + d.get("tile_height") : "scanlines");
        System.out.printf(Locale.ROOT, "  format %s, compression %s, %d %s, %s on disk%n",
                d.get("format"), d.get("compression"), d.get("subimages"),
                (Integer) d.get("parts") > 1 ? "parts (multi-part OpenEXR)" : "subimage(s)",
                Sizes.bytes((Long) d.get("file_bytes")));
        System.out.printf(Locale.ROOT, "  data window %s, display window %s%n", windowText(d.get("data_window")),
                windowText(d.get("display_window")));
        List<?> subIfds = (List<?>) d.get("subifd_levels");
        if (d.get("ome").equals(Boolean.TRUE) || !subIfds.isEmpty()) {
            System.out.printf(Locale.ROOT, "  %s%s%n", d.get("ome").equals(Boolean.TRUE) ? "OME-TIFF (OME-XML)" : "TIFF",
                    subIfds.isEmpty() ? "" : ", " + subIfds.size() + " reduced levels as SubIFDs: " + sizesText(subIfds));
        }
        List<?> levels = (List<?>) d.get("mip_levels");
        if (levels.size() > 1 && levels.get(1).equals(levels.get(0))) {
            // OpenImageIO 2.4 lists a RIP-map's levels all at full size.
            System.out.printf(Locale.ROOT, "  %d levels that do not shrink (a RIP-map?); only the full"
                    + " resolution is read%n", levels.size());
        } else if (levels.size() > 1) {
            System.out.printf(Locale.ROOT, "  %d MIP levels: %s%n", levels.size(), sizesText(levels));
        }
    }

    /** "4500x4500, 2250x2250, …" of levels as {@link #size} lists them. */
    private static String sizesText(List<?> levels) {
        return levels.stream().map(l -> ((Map<?, ?>) l).get("width") + "x" + ((Map<?, ?>) l).get("height"))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String windowText(Object window) {
        Map<?, ?> w = (Map<?, ?>) window;
        return w.get("x") + "," + w.get("y") + " " + w.get("width") + "x" + w.get("height");
    }

    /** A level's size, as the JSON lists it. */
    private static Map<String, Object> size(int width, int height) {
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("width", width);
        size.put("height", height);
        return size;
    }

    private static Map<String, Object> window(int x, int y, int width, int height) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("x", x);
        w.put("y", y);
        w.put("width", width);
        w.put("height", height);
        return w;
    }

    /** The compression a format always uses when its reader names none (PNG is always deflate). */
    private static String impliedCompression(String format) {
        switch (format) {
            case "png": return "zip";
            case "jpeg": return "jpeg";
            case "gif": return "lzw";
            default: return "none";
        }
    }

    /** An OME-Zarr output: its level 0 and how many levels its multiscales lists. */
    static Map<String, Object> describeOmeZarr(Path folder) {
        ImageSpec s = org.tilewright.OmeZarr.readSpec(folder);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", folder.toString());
        d.put("format", "ome-zarr");
        d.put("width", s.width());
        d.put("height", s.height());
        d.put("channels", s.channels());
        d.put("type", s.pixelType().name().toLowerCase(Locale.ROOT));
        d.put("levels", org.tilewright.OmeZarr.levelCount(folder));
        d.put("file_bytes", Sizes.onDisk(folder));
        return d;
    }

    /** A Deep Zoom output: its descriptor, and the levels in its tile folder. */
    static Map<String, Object> describeDeepZoom(Path file) throws java.io.IOException {
        DeepZoom.Descriptor z = DeepZoom.readDescriptor(file);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", file.toString());
        d.put("format", "deepzoom");
        d.put("width", z.width());
        d.put("height", z.height());
        d.put("tile_size", z.tileSize());
        d.put("overlap", z.overlap());
        d.put("tile_format", z.format());
        int levels = 1 + (int) Math.ceil(Math.log(Math.max(z.width(), z.height())) / Math.log(2) - 1e-9);
        d.put("levels", levels);
        d.put("tile_folder", DeepZoom.tileFolder(file).toString());
        d.put("file_bytes", Files.size(file));
        return d;
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
            d.put("channel_names", s.channelNames());
            d.put("type", s.pixelType().name().toLowerCase(Locale.ROOT));
            d.put("channel_types", s.channelTypes().stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
            d.put("channels_with_types", channelsWithTypes(s));
            d.put("deep", s.isDeep());
            d.put("parts", s.parts());
            d.put("tiled", s.isTiled());
            d.put("tile_width", s.tileWidth());
            d.put("tile_height", s.tileHeight());
            Object compression = s.attribute("compression");
            d.put("compression", compression == null ? impliedCompression(r.formatName()) : compression.toString());
            d.put("data_window", window(s.x(), s.y(), s.width(), s.height()));
            d.put("display_window", window(s.fullX(), s.fullY(), s.fullWidth(), s.fullHeight()));
            d.put("subimages", r.subimageCount());
            List<Map<String, Object>> levels = new ArrayList<>();
            for (int k = 0, count = r.mipLevelCount(); k < count; k++) {
                try (ImageReader level = ImageReader.open(file, 0, k)) {
                    levels.add(size(level.spec().width(), level.spec().height()));
                }
            }
            d.put("mip_levels", levels);
            Object description = s.attribute("ImageDescription");
            boolean ome = description != null && description.toString().startsWith("<?xml")
                    && description.toString().contains("<OME");
            d.put("ome", ome);
            List<Map<String, Object>> subIfds = new ArrayList<>();
            for (int[] wh : r.subIfdSizes()) {
                subIfds.add(size(wh[0], wh[1]));
            }
            d.put("subifd_levels", subIfds);
            d.put("file_bytes", Files.size(file));
            d.put("pixel_bytes", s.imageBytes());
        }
        return d;
    }
}
