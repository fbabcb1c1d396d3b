package org.tilewright;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
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
 * pass through a command line, reading each kind as its authors' own tool reads it.
 * Relative paths resolve against the manifest's folder. The text may be UTF-8 or, with a
 * byte-order mark, UTF-16 (what Deadline's C# submitters write); line ends may be CRLF.
 *
 * <ul>
 *   <li>CSV (RFC 4180: quoted fields, doubled quotes) with a header naming {@code path,x,y}
 *       and optionally {@code z}; coordinates are integers;
 *   <li>JSON: an array of {@code {"path", "x", "y", "z"?}} or {@code {"inputs": [...]}};
 *       coordinates are integers that fit in 32 bits;
 *   <li>Fiji/ImageJ {@code TileConfiguration.txt}: {@code dim = 2}, or {@code dim = 3} whose
 *       z are all equal; {@code multiseries} lines; fractional positions rounded to the
 *       nearest pixel;
 *   <li>a Deadline Draft tile-assembler config: see {@link DeadlineConfig}.
 * </ul>
 */
public final class Manifests {
    private static final Pattern FIJI_LINE = Pattern.compile(
            "^\\s*([^;#]+?)\\s*;\\s*[^;]*;\\s*\\(\\s*([-+0-9.eE]+)\\s*,\\s*([-+0-9.eE]+)\\s*(?:,\\s*([-+0-9.eE]+)\\s*)?\\)\\s*$");

    private Manifests() {}

    /** Reads {@code manifest}, recognising its kind by extension and content. */
    public static Manifest read(Path manifest) {
        String text = readText(manifest);
        Path base = manifest.toAbsolutePath().getParent();
        String name = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        String trimmed = text.stripLeading();
        if (name.endsWith(".json") || trimmed.startsWith("[") || trimmed.startsWith("{")) {
            return new Manifest(json(text, base, manifest), 0, 0);
        }
        if (DeadlineConfig.looksLikeOne(text)) {
            return DeadlineConfig.read(text, base, manifest);
        }
        if (name.endsWith(".csv")) {
            return new Manifest(csv(text, base, manifest), 0, 0);
        }
        if (text.contains("dim") || FIJI_LINE.matcher(firstDataLine(text)).matches()) {
            return new Manifest(fiji(text, base, manifest), 0, 0);
        }
        return new Manifest(csv(text, base, manifest), 0, 0);
    }

    /** The manifest's text: UTF-16 when it starts with a byte-order mark, else strict UTF-8. */
    static String readText(Path manifest) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifest);
        } catch (IOException e) {
            throw failure(manifest, "cannot read the manifest: " + OutputTarget.describe(e));
        }
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            skip = 3;
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
        } catch (CharacterCodingException e) {
            throw failure(manifest, "is not text in " + charset.displayName()
                    + " (UTF-16 manifests must start with a byte-order mark)");
        }
    }

    static TilewrightException failure(Path manifest, String problem) {
        return new TilewrightException(TilewrightException.Kind.BAD_INPUT, manifest + ": " + problem);
    }

    private static String firstDataLine(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .findFirst().orElse("");
    }

    static Path resolve(Path base, String path) {
        Path p = Path.of(path.trim());
        return p.isAbsolute() || base == null ? p : base.resolve(p);
    }

    static List<Placement> csv(String text, Path base, Path manifest) {
        List<CsvRecords.Record> records = CsvRecords.parse(text, manifest);
        if (records.isEmpty()) {
            throw failure(manifest, "the manifest is empty");
        }
        CsvRecords.Record head = records.get(0);
        List<String> header = head.fields().stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).toList();
        int path = header.indexOf("path");
        int x = header.indexOf("x");
        int y = header.indexOf("y");
        int z = header.indexOf("z");
        if (path < 0 || x < 0 || y < 0) {
            throw failure(manifest, "line " + head.line() + ": the CSV header must name path, x and y"
                    + " (and optionally z); it reads '" + String.join(",", head.fields()) + "'");
        }
        int needed = Math.max(path, Math.max(x, Math.max(y, z))) + 1;
        List<Placement> placements = new ArrayList<>();
        for (CsvRecords.Record r : records.subList(1, records.size())) {
            List<String> f = r.fields();
            if (f.size() < needed) {
                throw failure(manifest, "line " + r.line() + " has " + f.size()
                        + " fields, fewer than the header's " + header.size());
            }
            placements.add(new Placement(resolve(base, f.get(path)), integer(f.get(x), "x", manifest, r.line()),
                    integer(f.get(y), "y", manifest, r.line()),
                    z >= 0 ? integer(f.get(z), "z", manifest, r.line()) : 0));
        }
        return placements;
    }

    private static int integer(String field, String what, Path manifest, int line) {
        try {
            return Integer.parseInt(field.trim());
        } catch (NumberFormatException e) {
            throw failure(manifest, "line " + line + ": " + what + " is not a whole number of pixels: '"
                    + field.trim() + "'");
        }
    }

    static List<Placement> json(String text, Path base, Path manifest) {
        Object root;
        try {
            root = JsonText.parse(text);
        } catch (JsonText.SyntaxError e) {
            throw failure(manifest, "not valid JSON: " + e.getMessage());
        }
        Object items = root instanceof Map<?, ?> object ? object.get("inputs") : root;
        if (!(items instanceof List<?> list)) {
            throw failure(manifest, "expected an array of {path, x, y} or {\"inputs\": [...]}");
        }
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> item) || !(item.get("path") instanceof String path)
                    || !item.containsKey("x") || !item.containsKey("y")) {
                throw failure(manifest, "input " + i + " needs a path (text), x and y: " + list.get(i));
            }
            placements.add(new Placement(resolve(base, path), coordinate(item, "x", i, manifest),
                    coordinate(item, "y", i, manifest), item.containsKey("z") ? coordinate(item, "z", i, manifest) : 0));
        }
        return placements;
    }

    /** A JSON coordinate: an integer within 32 bits, never a string, null or fraction. */
    private static int coordinate(Map<?, ?> item, String key, int index, Path manifest) {
        Object v = item.get(key);
        if (v instanceof BigDecimal number && number.scale() <= 0) {
            try {
                return number.intValueExact();
            } catch (ArithmeticException outOfRange) {
                // said below
            }
        }
        throw failure(manifest, "input " + index + ": " + key + " must be a whole number between "
                + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ", got " + v);
    }

    static List<Placement> fiji(String text, Path base, Path manifest) {
        List<String> files = new ArrayList<>();
        List<double[]> positions = new ArrayList<>();
        int dimensions = 2;
        Double commonZ = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            String compact = t.replace(" ", "").toLowerCase(Locale.ROOT);
            if (t.isEmpty() || t.startsWith("#") || compact.startsWith("multiseries=")) {
                continue;
            }
            if (compact.startsWith("dim=")) {
                dimensions = switch (compact) {
                    case "dim=2" -> 2;
                    case "dim=3" -> 3;
                    default -> throw failure(manifest, "line " + (i + 1) + ": unknown dimensionality '" + t + "'");
                };
                continue;
            }
            Matcher m = FIJI_LINE.matcher(t);
            if (!m.matches() || (m.group(4) != null) != (dimensions == 3)) {
                throw failure(manifest, "line " + (i + 1) + ": cannot read '" + t + "' as a " + dimensions
                        + "-D tile (file; ; (x, y" + (dimensions == 3 ? ", z" : "") + "))");
            }
            if (dimensions == 3) {
                double z = number(m.group(4), manifest, i + 1);
                if (commonZ == null) {
                    commonZ = z;
                } else if (z != commonZ) {
                    throw failure(manifest, "line " + (i + 1) + ": a 3-D configuration whose tiles lie at different"
                            + " z (" + commonZ + " and " + z + ") is a volume stitch; Tilewright stitches planes"
                            + " (a dim = 3 file whose z are all equal is read as 2-D)");
                }
            }
            files.add(m.group(1));
            positions.add(new double[] {number(m.group(2), manifest, i + 1), number(m.group(3), manifest, i + 1), i + 1});
        }
        // As Fiji's fusion: the canvas starts at the smallest position, and a tile between
        // pixels is resampled there rather than rounded to the nearest pixel.
        double minX = positions.stream().mapToDouble(p -> p[0]).min().orElse(0);
        double minY = positions.stream().mapToDouble(p -> p[1]).min().orElse(0);
        List<Placement> placements = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            double[] p = positions.get(k);
            double[] x = wholeAndFraction(p[0] - minX, manifest, (int) p[2]);
            double[] y = wholeAndFraction(p[1] - minY, manifest, (int) p[2]);
            placements.add(new Placement(resolve(base, files.get(k)), (int) x[0], (int) y[0]).withShift(x[1], y[1]));
        }
        return placements;
    }

    private static double number(String text, Path manifest, int line) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw failure(manifest, "line " + line + ": '" + text + "' is not a number");
        }
    }

    /**
     * A position as whole pixels and a fraction in [0, 1); fractions within a millionth of a
     * pixel are float noise and count as whole. Refused beyond 32 bits.
     */
    private static double[] wholeAndFraction(double value, Path manifest, int line) {
        double whole = Math.floor(value);
        double fraction = value - whole;
        if (fraction < 1e-6) {
            fraction = 0;
        } else if (fraction > 1 - 1e-6) {
            whole += 1;
            fraction = 0;
        }
        if (!(Math.abs(whole) < Integer.MAX_VALUE)) {
            throw failure(manifest, "line " + line + ": position " + value + " is out of range");
        }
        return new double[] {whole, fraction};
    }

    /** Reads {@code key=value} lines, keys without case, values trimmed; later keys win. */
    static Map<String, String> keyValues(String text) {
        Map<String, String> keys = new HashMap<>();
        for (String line : text.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                keys.put(line.substring(0, eq).trim().toLowerCase(Locale.ROOT), line.substring(eq + 1).trim());
            }
        }
        return keys;
    }
}
