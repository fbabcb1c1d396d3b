package org.tilewright;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads placements from the manifests people already have, so that 100 000 inputs never
 * pass through a command line. Relative paths resolve against the manifest's folder.
 *
 * <ul>
 *   <li>CSV with a header naming {@code path,x,y} and optionally {@code z};
 *   <li>JSON: an array of {@code {"path", "x", "y", "z"?}} or {@code {"inputs": [...]}};
 *   <li>Fiji/ImageJ {@code TileConfiguration.txt} (2-D; {@code file; ; (x, y)}, fractional
 *       coordinates rounded to the nearest pixel);
 *   <li>a Deadline Draft tile-assembler config ({@code TileCount}, {@code Tile<N>FileName},
 *       {@code Tile<N>X}, {@code Tile<N>Y}, {@code ImageHeight}); its Y counts from the
 *       bottom, as Draft's does, and is turned to top-down using each tile's height.
 * </ul>
 */
public final class Manifests {
    private static final Pattern FIJI_LINE =
            Pattern.compile("^\\s*([^;#]+?)\\s*;\\s*[^;]*;\\s*\\(\\s*([-+0-9.eE]+)\\s*,\\s*([-+0-9.eE]+)\\s*(?:,[^)]*)?\\)\\s*$");

    private Manifests() {}

    /** Reads {@code manifest}, recognising its kind by extension and content. */
    public static List<Placement> read(Path manifest) {
        String text;
        try {
            text = Files.readString(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TilewrightException(manifest + ": cannot read the manifest: "
                    + OutputTarget.describe(e), e);
        }
        Path base = manifest.toAbsolutePath().getParent();
        String name = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        String trimmed = text.stripLeading();
        try {
            if (name.endsWith(".json") || trimmed.startsWith("[") || trimmed.startsWith("{")) {
                return json(text, base, manifest);
            }
            if (text.contains("TileCount")) {
                return deadline(text, base, manifest);
            }
            if (name.endsWith(".csv")) {
                return csv(text, base, manifest);
            }
            if (text.contains("dim") || FIJI_LINE.matcher(firstDataLine(text)).matches()) {
                return fiji(text, base, manifest);
            }
            return csv(text, base, manifest);
        } catch (NumberFormatException e) {
            throw new TilewrightException(manifest + ": a coordinate is not a number: " + e.getMessage(), e);
        }
    }

    private static String firstDataLine(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .findFirst().orElse("");
    }

    private static Path resolve(Path base, String path) {
        Path p = Path.of(path.trim());
        return p.isAbsolute() || base == null ? p : base.resolve(p);
    }

    static List<Placement> csv(String text, Path base, Path manifest) {
        List<String> lines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        if (lines.isEmpty()) {
            throw new TilewrightException(manifest + ": the manifest is empty");
        }
        List<String> header = List.of(lines.get(0).toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        int path = header.indexOf("path");
        int x = header.indexOf("x");
        int y = header.indexOf("y");
        int z = header.indexOf("z");
        if (path < 0 || x < 0 || y < 0) {
            throw new TilewrightException(manifest + ": the CSV header must name path, x and y"
                    + " (and optionally z); it reads '" + lines.get(0) + "'");
        }
        List<Placement> placements = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\\s*,\\s*", -1);
            if (f.length <= Math.max(path, Math.max(x, Math.max(y, z)))) {
                throw new TilewrightException(manifest + ": line " + (i + 1) + " has "
                        + f.length + " fields, fewer than the header");
            }
            placements.add(new Placement(resolve(base, f[path]), Integer.parseInt(f[x].trim()),
                    Integer.parseInt(f[y].trim()), z >= 0 ? Integer.parseInt(f[z].trim()) : 0));
        }
        return placements;
    }

    static List<Placement> json(String text, Path base, Path manifest) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new TilewrightException(manifest + ": not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        JsonNode items = root.isArray() ? root : root.path("inputs");
        if (!items.isArray()) {
            throw new TilewrightException(manifest + ": expected an array of {path, x, y} or {\"inputs\": [...]}");
        }
        List<Placement> placements = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.hasNonNull("path") || !item.has("x") || !item.has("y")) {
                throw new TilewrightException(manifest + ": every input needs path, x and y: " + item);
            }
            placements.add(new Placement(resolve(base, item.get("path").asText()),
                    item.get("x").asInt(), item.get("y").asInt(), item.path("z").asInt(0)));
        }
        return placements;
    }

    static List<Placement> fiji(String text, Path base, Path manifest) {
        List<Placement> placements = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("dim")) {
                if (t.startsWith("dim") && !t.replace(" ", "").equals("dim=2")) {
                    throw new TilewrightException(manifest + ": only 2-D tile configurations are supported, got '" + t + "'");
                }
                continue;
            }
            Matcher m = FIJI_LINE.matcher(t);
            if (!m.matches()) {
                throw new TilewrightException(manifest + ": cannot read the line '" + t + "'");
            }
            placements.add(new Placement(resolve(base, m.group(1)),
                    (int) Math.round(Double.parseDouble(m.group(2))),
                    (int) Math.round(Double.parseDouble(m.group(3)))));
        }
        return placements;
    }

    static List<Placement> deadline(String text, Path base, Path manifest) {
        Map<String, String> keys = new HashMap<>();
        for (String line : text.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                keys.put(line.substring(0, eq).trim().toLowerCase(Locale.ROOT), line.substring(eq + 1).trim());
            }
        }
        int count = Integer.parseInt(keys.getOrDefault("tilecount", "0"));
        String imageHeight = keys.get("imageheight");
        if (imageHeight == null) {
            throw new TilewrightException(manifest + ": a Deadline tile config needs ImageHeight");
        }
        int height = Integer.parseInt(imageHeight);
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String file = keys.getOrDefault("tile" + i + "filename", keys.get("tile" + i));
            String x = keys.get("tile" + i + "x");
            String y = keys.get("tile" + i + "y");
            if (file == null || x == null || y == null) {
                throw new TilewrightException(manifest + ": tile " + i + " needs a file name, X and Y");
            }
            Path path = resolve(base, file);
            int tileHeight = keys.containsKey("tile" + i + "height")
                    ? Integer.parseInt(keys.get("tile" + i + "height"))
                    : ImageReader.readSpec(path).height();
            placements.add(new Placement(path, Integer.parseInt(x), height - Integer.parseInt(y) - tileHeight));
        }
        return placements;
    }
}
