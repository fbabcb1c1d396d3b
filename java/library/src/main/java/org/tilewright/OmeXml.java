package org.tilewright;

import java.util.List;
import java.util.Locale;

/**
 * The OME-XML (2016-06 schema) an OME-TIFF carries in its first IFD's ImageDescription,
 * describing the pixels as the file stores them: one image (SizeZ = SizeT = 1) whose channels
 * are either the samples of one IFD — colour (R,G,B or R,G,B,A), or a single channel — or
 * separate planes, one IFD each (TiffData IFD c), each Channel named, as fluorescence channels
 * are stored; the physical pixel size when known. No UUIDs: the same job writes the same bytes.
 * This class decides the layout; the engine follows {@code tilewright:omeplanar}.
 */
final class OmeXml {
    private OmeXml() {}

    /** Whether {@code spec}'s channels are stored as separate planes (not colour samples of one IFD). */
    static boolean isPlanar(ImageSpec spec) {
        List<String> names = spec.channelNames();
        boolean colour = names.equals(List.of("R", "G", "B")) || names.equals(List.of("R", "G", "B", "A"));
        return spec.channels() > 1 && !colour;
    }

    /** The OME-XML of an image of {@code spec} named {@code name}, pixels of {@code size} (or null). */
    static String describe(ImageSpec spec, String name, PixelSize size) {
        boolean planar = isPlanar(spec);
        StringBuilder x = new StringBuilder(1024);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .append(" xsi:schemaLocation=\"http://www.openmicroscopy.org/Schemas/OME/2016-06")
                .append(" http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd\"")
                .append(" Creator=\"Tilewright ").append(Tilewright.VERSION).append("\">\n")
                .append("  <Image ID=\"Image:0\" Name=\"").append(escaped(name)).append("\">\n")
                .append("    <Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"").append(typeOf(spec.pixelType()))
                .append("\" SizeX=\"").append(spec.width()).append("\" SizeY=\"").append(spec.height())
                .append("\" SizeC=\"").append(spec.channels()).append("\" SizeZ=\"1\" SizeT=\"1\"")
                .append(" BigEndian=\"false\" Interleaved=\"").append(spec.channels() > 1 && !planar).append('"')
                .append(" SignificantBits=\"").append(spec.pixelType().bytes() * 8).append('"');
        if (size != null) {
            x.append(" PhysicalSizeX=\"").append(number(size.x())).append("\" PhysicalSizeXUnit=\"").append(size.unit())
                    .append("\" PhysicalSizeY=\"").append(number(size.y())).append("\" PhysicalSizeYUnit=\"")
                    .append(size.unit()).append('"');
        }
        x.append(">\n");
        List<String> names = spec.channelNames();
        if (planar) {
            for (int c = 0; c < spec.channels(); c++) {
                x.append("      <Channel ID=\"Channel:0:").append(c).append("\" Name=\"").append(escaped(names.get(c)))
                        .append("\" SamplesPerPixel=\"1\"/>\n");
            }
            for (int c = 0; c < spec.channels(); c++) {
                x.append("      <TiffData IFD=\"").append(c).append("\" FirstC=\"").append(c)
                        .append("\" FirstZ=\"0\" FirstT=\"0\" PlaneCount=\"1\"/>\n");
            }
        } else {
            // The channels are the samples of one IFD: one Channel element holding all of them.
            x.append("      <Channel ID=\"Channel:0:0\" SamplesPerPixel=\"").append(spec.channels()).append('"');
            if (spec.channels() == 1 && !names.isEmpty()) {
                x.append(" Name=\"").append(escaped(names.get(0))).append('"');
            }
            x.append("/>\n")
                    .append("      <TiffData IFD=\"0\" FirstC=\"0\" FirstZ=\"0\" FirstT=\"0\" PlaneCount=\"1\"/>\n");
        }
        x.append("    </Pixels>\n").append("  </Image>\n").append("</OME>\n");
        return x.toString();
    }

    /** OME's PixelType for {@code type}. */
    static String typeOf(PixelType type) {
        return switch (type) {
            case UINT8 -> "uint8";
            case UINT16 -> "uint16";
            case UINT32 -> "uint32";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case INT8 -> "int8";
            case INT16 -> "int16";
            case INT32 -> "int32";
            case HALF -> throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT,
                    "OME-XML has no half-float pixel type; write float");
        };
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String escaped(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
            }
        }
        return b.toString();
    }
}
