package org.tilewright.awt;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.List;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;
import org.tilewright.ImageWriter;
import org.tilewright.PixelType;
import org.tilewright.TilewrightException;

/**
 * java.awt images in and out of Tilewright: a {@link BufferedImage} or a {@link Raster} written
 * as rows or tiles of an {@link ImageWriter}, and any region of an {@link ImageReader} read as a
 * {@code BufferedImage}.
 *
 * <p>Channels follow the colour model, not the storage: a {@code TYPE_3BYTE_BGR} or
 * {@code TYPE_INT_ARGB} image is written as R, G, B (, A), whatever order its bytes are in.
 * Alpha association is converted: a straight-alpha image ({@code TYPE_INT_ARGB},
 * {@code TYPE_4BYTE_ABGR}) written to a file that stores premultiplied colour (OpenEXR, TIFF
 * by default) is multiplied, a premultiplied one ({@code TYPE_INT_ARGB_PRE}) written to PNG is
 * divided — see {@link ImageWriter#expectsStraightAlpha()}. Integer samples are taken as
 * fractions of their full scale (255, 65535 or the component's bit depth) when the file's type
 * differs; float samples as they are. Indexed images are written as the colours they show.
 *
 * <pre>{@code
 * BufferedImage tile = render(bucket);                        // TYPE_INT_ARGB, 256 x 256
 * ImageSpec spec = AwtImages.specLike(tile, 8192, 8192).tileSize(256, 256).build();
 * try (ImageWriter out = ImageWriter.open(Path.of("frame.tif"), spec)) {
 *     AwtImages.writeTiles(out, 0, 0, tile);                  // … every tile, in raster order
 *     out.finish();
 * }
 * }</pre>
 */
public final class AwtImages {
    /// Rows converted and handed over at once by writeRows: a huge image is never copied whole.
    private static final int BAND_ROWS = 64;

    private AwtImages() {
    }

    /**
     * A spec for a {@code width} x {@code height} image holding pictures like {@code image}: its
     * channels (Y, Y+A, R G B or R G B A), its sample type (uint8 up to 8 bits a component,
     * uint16 up to 16, float for floating-point rasters) and, for straight alpha, the request
     * to store it straight where the format can (TIFF).
     */
    public static ImageSpec.Builder specLike(BufferedImage image, int width, int height) {
        return specLike(image, width, height, Samples.of(image.getColorModel(), image.getRaster(), "the image").type);
    }

    /**
     * As {@link #specLike(BufferedImage, int, int)}, stored as {@code type} (half or float for
     * OpenEXR, say); the images' samples are converted on the way.
     */
    public static ImageSpec.Builder specLike(BufferedImage image, int width, int height, PixelType type) {
        Samples s = Samples.of(image.getColorModel(), image.getRaster(), "the image");
        ImageSpec.Builder b = ImageSpec.builder(width, height, s.channels, type).channelNames(s.names());
        if (s.hasAlpha) {
            b.alphaChannel(s.channels - 1);
            if (!s.premultiplied) {
                // Kept straight where the format can say so (TIFF); PNG always is, OpenEXR never.
                b.attribute("oiio:UnassociatedAlpha", 1);
            }
        }
        return b;
    }

    /**
     * Writes {@code image} as rows {@code y .. y + height} of {@code writer}, whose width it must
     * have and whose channels it must hold; rows go on being written in order as usual.
     */
    public static void writeRows(ImageWriter writer, int y, BufferedImage image) {
        writeRows(writer, y, image.getColorModel(), image.getRaster());
    }

    /**
     * Writes {@code raster}'s bands as the channels of rows {@code y .. y + height}: samples as
     * they are (bytes as uint8, shorts as uint16, ints as uint32, floats as float), no alpha
     * conversion — a raster says nothing of colour.
     */
    public static void writeRows(ImageWriter writer, int y, Raster raster) {
        writeRows(writer, y, null, raster);
    }

    /**
     * Writes {@code image} as the tiles whose top-left corner is {@code x, y} (on a tile
     * boundary); it spans whole tiles, or reaches the image's right or bottom edge.
     */
    public static void writeTiles(ImageWriter writer, int x, int y, BufferedImage image) {
        writeTiles(writer, x, y, image.getColorModel(), image.getRaster());
    }

    /** Writes {@code raster}'s bands as the channels of the tiles at {@code x, y}, samples as they are. */
    public static void writeTiles(ImageWriter writer, int x, int y, Raster raster) {
        writeTiles(writer, x, y, null, raster);
    }

    /**
     * Reads a region into a new image: {@code TYPE_BYTE_GRAY}, {@code TYPE_INT_RGB} or
     * {@code TYPE_INT_ARGB} ({@code _PRE} when the file stores premultiplied colour) for
     * 8-bit files; {@code TYPE_USHORT_GRAY} or 16-bit components for 16-bit files; float
     * components, in linear RGB, for floating-point and 32-bit files. Files of 1 to 4 channels
     * (gray, gray and alpha, RGB, RGBA with alpha last).
     */
    public static BufferedImage readRegion(ImageReader reader, int x, int y, int width, int height) {
        ImageSpec spec = reader.spec();
        int channels = spec.channels();
        boolean hasAlpha = channels == 2 || channels == 4;
        if (channels > 4 || hasAlpha && spec.alphaChannel() != channels - 1) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, "a " + channels
                    + "-channel image (channels " + spec.channelNames() + ", alpha " + spec.alphaChannel()
                    + ") has no java.awt equivalent: read gray, gray+alpha, RGB or RGBA with alpha last");
        }
        boolean premultiplied = hasAlpha && !spec.hasStraightAlpha();
        int pixels = Math.multiplyExact(width, height);
        PixelType type = spec.pixelType();
        if (type == PixelType.UINT8 || type == PixelType.INT8) {
            byte[] samples = new byte[Math.multiplyExact(pixels, channels)];
            reader.readRegion(x, y, width, height, samples);
            return eightBit(samples, width, height, channels, premultiplied);
        }
        if (type == PixelType.UINT16 || type == PixelType.INT16) {
            short[] samples = new short[Math.multiplyExact(pixels, channels)];
            reader.readRegion(x, y, width, height, samples);
            if (channels == 1) {
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
                System.arraycopy(samples, 0, ((DataBufferUShort) image.getRaster().getDataBuffer()).getData(), 0,
                        samples.length);
                return image;
            }
            return components(new DataBufferUShort(samples, samples.length), DataBuffer.TYPE_USHORT,
                    width, height, channels, premultiplied, false);
        }
        float[] samples = new float[Math.multiplyExact(pixels, channels)];
        reader.readRegion(x, y, width, height, samples);
        return components(new java.awt.image.DataBufferFloat(samples, samples.length), DataBuffer.TYPE_FLOAT,
                width, height, channels, premultiplied, true);
    }

    private static BufferedImage eightBit(byte[] samples, int width, int height, int channels, boolean premultiplied) {
        if (channels == 2) {
            return components(new DataBufferByte(samples, samples.length), DataBuffer.TYPE_BYTE, width, height, 2,
                    premultiplied, false);
        }
        if (channels == 1) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            System.arraycopy(samples, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0,
                    samples.length);
            return image;
        }
        int kind = channels == 3 ? BufferedImage.TYPE_INT_RGB
                : premultiplied ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_ARGB;
        BufferedImage image = new BufferedImage(width, height, kind);
        int[] packed = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int p = 0, i = 0; p < packed.length; p++, i += channels) {
            int alpha = channels == 4 ? samples[i + 3] & 0xFF : 0xFF;
            packed[p] = alpha << 24 | (samples[i] & 0xFF) << 16 | (samples[i + 1] & 0xFF) << 8 | samples[i + 2] & 0xFF;
        }
        return image;
    }

    /// Interleaved components over `buffer`, in sRGB (or linear RGB) or gray, alpha last.
    private static BufferedImage components(DataBuffer buffer, int dataType, int width, int height, int channels,
            boolean premultiplied, boolean linear) {
        boolean hasAlpha = channels == 2 || channels == 4;
        ColorSpace space = ColorSpace.getInstance(channels <= 2 ? ColorSpace.CS_GRAY
                : linear ? ColorSpace.CS_LINEAR_RGB : ColorSpace.CS_sRGB);
        ColorModel model = new ComponentColorModel(space, hasAlpha, premultiplied,
                hasAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        int[] offsets = new int[channels];
        for (int c = 0; c < channels; c++) {
            offsets[c] = c;
        }
        WritableRaster raster = Raster.createWritableRaster(new java.awt.image.PixelInterleavedSampleModel(
                dataType, width, height, channels, width * channels, offsets), buffer, null);
        return new BufferedImage(model, raster, premultiplied, null);
    }

    private static void writeRows(ImageWriter writer, int y, ColorModel model, Raster raster) {
        Samples s = Samples.of(model, raster, "the image");
        if (raster.getWidth() != writer.spec().width()) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, writer.path() + ": rows must be "
                    + writer.spec().width() + " pixels wide, the image is " + raster.getWidth());
        }
        Conversion conversion = Conversion.of(s, writer);
        for (int top = 0; top < raster.getHeight(); top += BAND_ROWS) {
            int rows = Math.min(BAND_ROWS, raster.getHeight() - top);
            Object band = conversion.convert(raster, top, rows);
            writeScanlines(writer, y + top, y + top + rows, band);
        }
    }

    private static void writeTiles(ImageWriter writer, int x, int y, ColorModel model, Raster raster) {
        Samples s = Samples.of(model, raster, "the image");
        Object all = Conversion.of(s, writer).convert(raster, 0, raster.getHeight());
        int x1 = x + raster.getWidth();
        int y1 = y + raster.getHeight();
        if (all instanceof byte[] b) {
            writer.writeTiles(x, x1, y, y1, b);
        } else if (all instanceof short[] sh) {
            writer.writeTiles(x, x1, y, y1, sh);
        } else if (all instanceof int[] i) {
            writer.writeTiles(x, x1, y, y1, i);
        } else {
            writer.writeTiles(x, x1, y, y1, (float[]) all);
        }
    }

    private static void writeScanlines(ImageWriter writer, int y0, int y1, Object band) {
        if (band instanceof byte[] b) {
            writer.writeScanlines(y0, y1, b);
        } else if (band instanceof short[] s) {
            writer.writeScanlines(y0, y1, s);
        } else if (band instanceof int[] i) {
            writer.writeScanlines(y0, y1, i);
        } else {
            writer.writeScanlines(y0, y1, (float[]) band);
        }
    }

    /**
     * What an image's samples are, in channel order: how many, how deep, whether the last is
     * alpha and colour is multiplied by it; {@code model} null for a bare raster.
     */
    private record Samples(ColorModel model, int channels, PixelType type, int[] bits, boolean hasAlpha,
            boolean premultiplied, boolean indexed, boolean floating) {
        static Samples of(ColorModel model, Raster raster, String what) {
            int transfer = raster.getTransferType();
            boolean floating = transfer == DataBuffer.TYPE_FLOAT || transfer == DataBuffer.TYPE_DOUBLE;
            if (model instanceof IndexColorModel indexed) {
                // Written as the colours it shows: 8-bit RGB(A) through getRGB.
                int channels = indexed.hasAlpha() ? 4 : 3;
                return new Samples(model, channels, PixelType.UINT8, eights(channels), indexed.hasAlpha(), false, true,
                        false);
            }
            int channels = raster.getNumBands();
            int[] bits = new int[channels];
            int widest = 0;
            for (int c = 0; c < channels; c++) {
                bits[c] = model != null ? model.getComponentSize(c) : raster.getSampleModel().getSampleSize(c);
                widest = Math.max(widest, bits[c]);
            }
            if (model != null) {
                int space = model.getColorSpace().getType();
                if (space != ColorSpace.TYPE_RGB && space != ColorSpace.TYPE_GRAY) {
                    throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, what + " is in a colour"
                            + " space of type " + space + "; Tilewright takes gray or RGB images");
                }
            }
            PixelType type = floating ? PixelType.FLOAT : widest <= 8 ? PixelType.UINT8
                    : widest <= 16 ? PixelType.UINT16 : PixelType.UINT32;
            boolean hasAlpha = model != null && model.hasAlpha();
            return new Samples(model, channels, type, bits, hasAlpha, hasAlpha && model.isAlphaPremultiplied(), false,
                    floating);
        }

        private static int[] eights(int channels) {
            int[] bits = new int[channels];
            java.util.Arrays.fill(bits, 8);
            return bits;
        }

        List<String> names() {
            return switch (channels) {
                case 1 -> List.of("Y");
                case 2 -> hasAlpha ? List.of("Y", "A") : List.of("Y", "Y2");
                case 3 -> List.of("R", "G", "B");
                case 4 -> hasAlpha ? List.of("R", "G", "B", "A") : List.of("R", "G", "B", "channel3");
                default -> {
                    String[] names = new String[channels];
                    for (int c = 0; c < channels; c++) {
                        names[c] = "channel" + c;
                    }
                    yield List.of(names);
                }
            };
        }

        /// Every component exactly `depth` bits deep (so values need no rescaling).
        boolean allBits(int depth) {
            for (int b : bits) {
                if (b != depth) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * How one image's samples become what the writer takes: the array type (values passed
     * unchanged where the depths match, else fractions of full scale as float), and whether
     * colour must be multiplied or divided by alpha on the way.
     */
    private record Conversion(Samples samples, PixelType to, int alphaWork) {
        static final int KEEP = 0;
        static final int MULTIPLY = 1;
        static final int DIVIDE = 2;

        static Conversion of(Samples s, ImageWriter writer) {
            ImageSpec spec = writer.spec();
            if (s.channels != spec.channels()) {
                throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, writer.path() + ": the image has "
                        + s.channels + " channel(s) " + s.names() + ", the file " + spec.channels() + " "
                        + spec.channelNames() + "; make the spec with AwtImages.specLike");
            }
            int alphaWork = KEEP;
            if (s.hasAlpha && spec.alphaChannel() == s.channels - 1) {
                boolean straightIn = !s.premultiplied;
                boolean straightOut = writer.expectsStraightAlpha();
                alphaWork = straightIn == straightOut ? KEEP : straightIn ? MULTIPLY : DIVIDE;
            }
            PixelType file = spec.pixelType();
            PixelType to;
            if (alphaWork != KEEP || s.floating || s.indexed && file != PixelType.UINT8) {
                to = PixelType.FLOAT;
            } else if (file == PixelType.UINT8 && (s.allBits(8) || s.indexed)) {
                to = PixelType.UINT8;
            } else if (file == PixelType.UINT16 && s.allBits(16)) {
                to = PixelType.UINT16;
            } else if (file == PixelType.UINT32 && s.allBits(32) && s.model == null) {
                to = PixelType.UINT32;
            } else if (s.model == null && !s.floating && file != PixelType.HALF) {
                // A bare raster's samples are numbers of their own width; the file converts.
                to = s.type;
            } else {
                to = PixelType.FLOAT;
            }
            return new Conversion(s, to, alphaWork);
        }

        /// Rows `top .. top + rows` of `raster`, interleaved in channel order, as `to`'s array.
        Object convert(Raster raster, int top, int rows) {
            int width = raster.getWidth();
            int x0 = raster.getMinX();
            int y0 = raster.getMinY() + top;
            int channels = samples.channels;
            int count = Math.multiplyExact(Math.multiplyExact(width, rows), channels);
            if (samples.indexed) {
                int[] argb = new int[width * rows];
                for (int r = 0; r < rows; r++) {
                    for (int x = 0; x < width; x++) {
                        argb[r * width + x] = samples.model.getRGB(raster.getDataElements(x0 + x, y0 + r, null));
                    }
                }
                return fromArgb(argb, channels);
            }
            if (samples.floating) {
                float[] values = raster.getPixels(x0, y0, width, rows, new float[count]);
                applyAlpha(values, channels);
                return values;
            }
            int[] values = raster.getPixels(x0, y0, width, rows, new int[count]);
            switch (to) {
                case UINT8: {
                    byte[] out = new byte[count];
                    for (int i = 0; i < count; i++) {
                        out[i] = (byte) values[i];
                    }
                    return out;
                }
                case UINT16:
                case INT16: {
                    short[] out = new short[count];
                    for (int i = 0; i < count; i++) {
                        out[i] = (short) values[i];
                    }
                    return out;
                }
                case UINT32:
                case INT32:
                    return values;
                default: {
                    float[] out = new float[count];
                    for (int i = 0; i < count; i++) {
                        int bits = samples.bits[i % channels];
                        out[i] = (float) ((values[i] & 0xFFFFFFFFL) / (double) ((1L << bits) - 1));
                    }
                    applyAlpha(out, channels);
                    return out;
                }
            }
        }

        /// Packed ARGB (straight, as getRGB gives) to RGB(A) in the type chosen.
        private Object fromArgb(int[] argb, int channels) {
            int count = argb.length * channels;
            if (to == PixelType.UINT8) {
                byte[] out = new byte[count];
                for (int p = 0, i = 0; p < argb.length; p++, i += channels) {
                    out[i] = (byte) (argb[p] >>> 16);
                    out[i + 1] = (byte) (argb[p] >>> 8);
                    out[i + 2] = (byte) argb[p];
                    if (channels == 4) {
                        out[i + 3] = (byte) (argb[p] >>> 24);
                    }
                }
                return out;
            }
            float[] out = new float[count];
            for (int p = 0, i = 0; p < argb.length; p++, i += channels) {
                out[i] = (argb[p] >>> 16 & 0xFF) / 255f;
                out[i + 1] = (argb[p] >>> 8 & 0xFF) / 255f;
                out[i + 2] = (argb[p] & 0xFF) / 255f;
                if (channels == 4) {
                    out[i + 3] = (argb[p] >>> 24) / 255f;
                }
            }
            applyAlpha(out, channels);
            return out;
        }

        /// Multiplies or divides the colour of each pixel by its alpha (last), as decided.
        private void applyAlpha(float[] values, int channels) {
            if (alphaWork == KEEP) {
                return;
            }
            for (int i = 0; i < values.length; i += channels) {
                float alpha = values[i + channels - 1];
                for (int c = 0; c < channels - 1; c++) {
                    if (alphaWork == MULTIPLY) {
                        values[i + c] *= alpha;
                    } else {
                        values[i + c] = alpha == 0 ? 0 : values[i + c] / alpha;
                    }
                }
            }
        }
    }
}
