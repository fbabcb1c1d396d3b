package org.tilewright;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical size of one pixel, as microscopy formats record it (OME-XML's PhysicalSizeX
 * and PhysicalSizeY, OME-Zarr's scale): a width and a height in one unit of length.
 *
 * @param x the pixel's width, positive
 * @param y the pixel's height, positive
 * @param unit OME's symbol for the unit: "pm", "nm", "µm", "mm", "cm" or "m"
 */
public record PixelSize(double x, double y, String unit) {
    private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("pm", "pm"), Map.entry("nm", "nm"),
            Map.entry("um", "µm"), Map.entry("µm", "µm"), Map.entry("μm", "µm"), Map.entry("micron", "µm"),
            Map.entry("microns", "µm"), Map.entry("mm", "mm"), Map.entry("cm", "cm"), Map.entry("m", "m"));
    private static final Pattern TEXT = Pattern.compile("\\s*([0-9.eE+-]+)(?:\\s*x\\s*([0-9.eE+-]+))?\\s*(\\S*)\\s*");

    /** Checks the sizes and the unit. */
    public PixelSize {
        if (!(x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y))) {
            throw new IllegalArgumentException("a pixel size is positive, got " + x + " x " + y);
        }
        String known = unit == null ? null : UNITS.get(unit.toLowerCase(Locale.ROOT).replace('μ', 'µ'));
        if (known == null) {
            throw new IllegalArgumentException("unit '" + unit + "' is not one of pm, nm, um (µm), mm, cm, m");
        }
        unit = known;
    }

    /** The unit as OME-NGFF (UDUNITS) names it: "micrometer", "nanometer"…. */
    public String ngffUnit() {
        return switch (unit) {
            case "pm" -> "picometer";
            case "nm" -> "nanometer";
            case "µm" -> "micrometer";
            case "mm" -> "millimeter";
            case "cm" -> "centimeter";
            default -> "meter";
        };
    }

    /** Square pixels of {@code size} {@code unit}. */
    public static PixelSize of(double size, String unit) {
        return new PixelSize(size, size, unit);
    }

    /**
     * Reads "0.325um", "0.325 µm", "0.25x0.3nm" or "0.5" (micrometres, the microscopist's
     * default); throws IllegalArgumentException naming what is wrong.
     */
    public static PixelSize parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("a pixel size reads like 0.325um or 0.25x0.3um, not '" + text + "'");
        }
        try {
            double x = Double.parseDouble(m.group(1));
            double y = m.group(2) != null ? Double.parseDouble(m.group(2)) : x;
            return new PixelSize(x, y, m.group(3).isEmpty() ? "µm" : m.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a pixel size reads like 0.325um or 0.25x0.3um, not '" + text + "'", e);
        }
    }
}
