package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;
import org.tilewright.ImageWriter;
import org.tilewright.PixelType;
import org.tilewright.TilewrightException;
import org.tilewright.awt.AwtImages;

/**
 * java.awt images through {@link AwtImages}, checked against Java's own image I/O (an
 * encoder and decoder Tilewright shares nothing with) and Python's pure png module.
 */
class AwtIT {
    static final String PNG_COMPARE = Path.of("tests/conformance/png_compare.py").toAbsolutePath().toString();

    @TempDir
    Path dir;

    /// A 61 x 37 picture in every channel, alpha from 0 to 255 across (edges not multiples of anything).
    private static BufferedImage picture(int type) {
        BufferedImage image = new BufferedImage(61, 37, type);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int alpha = x * 255 / 60;
                image.setRGB(x, y, alpha << 24 | (x * 4) << 16 | (y * 7) << 8 | (x * y) % 256);
            }
        }
        return image;
    }

    private Path writeRows(BufferedImage image, String name) {
        Path file = dir.resolve(name);
        ImageSpec spec = AwtImages.specLike(image, image.getWidth(), image.getHeight()).build();
        try (ImageWriter out = ImageWriter.open(file, spec)) {
            AwtImages.writeRows(out, 0, image);
            out.finish();
        }
        return file;
    }

    /**
     * Each common type, written as rows to PNG, holds the colours the image shows — what Java's
     * own PNG encoder writes from the same image, as the pure-Python png module decodes both.
     * (A TYPE_3BYTE_BGR image used to come back with red and blue swapped.)
     */
    @Test
    void everyCommonTypeIsWrittenAsTheColoursItShows() throws Exception {
        Map<String, Integer> types = Map.of("INT_RGB", BufferedImage.TYPE_INT_RGB, "INT_ARGB", BufferedImage.TYPE_INT_ARGB,
                "3BYTE_BGR", BufferedImage.TYPE_3BYTE_BGR, "4BYTE_ABGR", BufferedImage.TYPE_4BYTE_ABGR,
                "BYTE_GRAY", BufferedImage.TYPE_BYTE_GRAY, "BYTE_INDEXED", BufferedImage.TYPE_BYTE_INDEXED);
        for (var type : types.entrySet()) {
            BufferedImage image = picture(type.getValue());
            Path ours = writeRows(image, "tw-" + type.getKey() + ".png");
            Path java = dir.resolve("java-" + type.getKey() + ".png");
            assertTrue(ImageIO.write(image, "png", java.toFile()));
            Tools.Result same = Tools.run(dir, "/usr/bin/python3", PNG_COMPARE, java.toString(), ours.toString());
            assertEquals(0, same.exit(), type.getKey() + ": " + same.out() + same.err());
        }
    }

    /** 16-bit gray keeps all 16 bits, as Java's encoder writes them. */
    @Test
    void sixteenBitGrayKeepsEveryBit() throws Exception {
        BufferedImage image = new BufferedImage(53, 29, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = image.getRaster();
        for (int y = 0; y < 29; y++) {
            for (int x = 0; x < 53; x++) {
                r.setSample(x, y, 0, (x * 1237 + y * 17) % 65536);
            }
        }
        Path ours = writeRows(image, "tw-gray16.png");
        Path java = dir.resolve("java-gray16.png");
        assertTrue(ImageIO.write(image, "png", java.toFile()));
        Tools.Result same = Tools.run(dir, "/usr/bin/python3", PNG_COMPARE, java.toString(), ours.toString());
        assertEquals(0, same.exit(), same.out() + same.err());
        assertEquals(PixelType.UINT16, ImageReader.readSpec(ours).pixelType());
    }

    /**
     * Premultiplied images are divided on their way into PNG (which stores straight alpha) and
     * multiplied on their way from a straight image into TIFF (premultiplied by default).
     */
    @Test
    void alphaAssociationIsConvertedToWhatTheFileStores() throws Exception {
        BufferedImage straight = picture(BufferedImage.TYPE_INT_ARGB);
        BufferedImage premultiplied = new BufferedImage(61, 37, BufferedImage.TYPE_INT_ARGB_PRE);
        premultiplied.createGraphics().drawImage(straight, 0, 0, null);
        Path ours = writeRows(premultiplied, "tw-pre.png");
        // Java2D's own division of the same premultiplied pixels, encoded by Java's PNG writer.
        BufferedImage divided = new BufferedImage(61, 37, BufferedImage.TYPE_INT_ARGB);
        divided.createGraphics().drawImage(premultiplied, 0, 0, null);
        Path java = dir.resolve("java-divided.png");
        assertTrue(ImageIO.write(divided, "png", java.toFile()));
        Tools.assertSamePixels(dir, java, ours, 1.5 / 255);  // the two round differently

        Path tiff = dir.resolve("tw-straight-into-associated.tif");
        ImageSpec spec = AwtImages.specLike(straight, 61, 37).attribute("oiio:UnassociatedAlpha", 0).build();
        assertTrue(AwtImages.specLike(straight, 61, 37).build().hasStraightAlpha(), "kept straight unless asked");
        try (ImageWriter out = ImageWriter.open(tiff, spec)) {
            assertFalse(out.expectsStraightAlpha());
            AwtImages.writeRows(out, 0, straight);
            out.finish();
        }
        BufferedImage back = ImageIO.read(tiff.toFile());  // the JDK's TIFF reader
        assertTrue(back.getColorModel().isAlphaPremultiplied(), "ExtraSamples says associated");
        for (int y = 0; y < 37; y += 6) {
            for (int x = 0; x < 61; x += 5) {
                int want = straight.getRGB(x, y);
                int alpha = want >>> 24;
                int stored = back.getRaster().getSample(x, y, 0);
                assertEquals(Math.round((want >>> 16 & 0xFF) * alpha / 255.0), stored, 1.0, "red at " + x + "," + y);
            }
        }
    }

    /** OpenEXR holds premultiplied colour by definition: a straight image is multiplied into it. */
    @Test
    void straightImagesAreMultipliedIntoOpenExr() throws Exception {
        BufferedImage straight = picture(BufferedImage.TYPE_INT_ARGB);
        Path exr = dir.resolve("straight.exr");
        try (ImageWriter out = ImageWriter.open(exr, AwtImages.specLike(straight, 61, 37, PixelType.HALF).build())) {
            assertFalse(out.expectsStraightAlpha());
            AwtImages.writeRows(out, 0, straight);
            out.finish();
        }
        String dump = Tools.run(dir, "oiiotool", "--dumpdata", "straight.exr").ok().out();
        // (30, 17): straight (120, 119, 254) / 255 at alpha 127 / 255 — multiplied, as half floats.
        String line = dump.lines().filter(l -> l.contains("Pixel (30, 17):")).findFirst().orElseThrow();
        String[] v = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        double alpha = 127 / 255.0;
        assertEquals(120 / 255.0 * alpha, Double.parseDouble(v[0]), 1e-3, line);
        assertEquals(254 / 255.0 * alpha, Double.parseDouble(v[2]), 1e-3, line);
        assertEquals(alpha, Double.parseDouble(v[3]), 1e-3, line);
        assertFalse(Tools.run(dir, "exrheader", "straight.exr").ok().out().contains("UnassociatedAlpha"));
    }

    /** PNG cannot hold premultiplied colour: a spec asking for it is refused, not stored wrong. */
    @Test
    void premultipliedPngIsRefused() throws Exception {
        ImageSpec spec = ImageSpec.builder(8, 8, 4, PixelType.UINT8).attribute("oiio:UnassociatedAlpha", 0).build();
        TilewrightException e = assertThrows(TilewrightException.class, () -> ImageWriter.open(dir.resolve("p.png"), spec));
        assertEquals(TilewrightException.Kind.BAD_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("PNG stores straight (unassociated) alpha"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    /** Tiles of sub-images land where they sit: the JDK's TIFF reader sees the whole picture. */
    @Test
    void tilesOfAnImageGoWhereTheySit() throws Exception {
        BufferedImage whole = new BufferedImage(150, 100, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 150; x++) {
                whole.setRGB(x, y, (x * 255 / 149) << 16 | (y * 255 / 99) << 8 | (x + y) % 256);
            }
        }
        Path tiff = dir.resolve("tiles.tif");
        ImageSpec spec = AwtImages.specLike(whole, 150, 100).tileSize(64, 64).build();
        try (ImageWriter out = ImageWriter.open(tiff, spec)) {
            for (int y = 0; y < 100; y += 64) {
                for (int x = 0; x < 150; x += 64) {
                    AwtImages.writeTiles(out, x, y, whole.getSubimage(x, y, Math.min(64, 150 - x), Math.min(64, 100 - y)));
                }
            }
            out.finish();
        }
        BufferedImage back = ImageIO.read(tiff.toFile());
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 150; x++) {
                assertEquals(whole.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    /** A float raster (HDR values above 1, negatives) into a float EXR and back, unchanged. */
    @Test
    void floatImagesKeepTheirValues() throws Exception {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = model.createCompatibleWritableRaster(33, 21);
        for (int y = 0; y < 21; y++) {
            for (int x = 0; x < 33; x++) {
                raster.setPixel(x, y, new float[] {x * 0.25f, -y / 8f, 1e4f / (1 + x * y)});
            }
        }
        BufferedImage image = new BufferedImage(model, raster, false, null);
        Path exr = dir.resolve("hdr.exr");
        ImageSpec spec = AwtImages.specLike(image, 33, 21).build();
        assertEquals(PixelType.FLOAT, spec.pixelType());
        try (ImageWriter out = ImageWriter.open(exr, spec)) {
            AwtImages.writeRows(out, 0, image);
            out.finish();
        }
        // OpenEXR's own tool reads the values back.
        String dump = Tools.run(dir, "oiiotool", "--dumpdata", "hdr.exr").ok().out();
        assertTrue(dump.contains("Pixel (32, 20): 8.000000000 -2.500000000 15.60062"), dump);  // 32/4, -20/8, 1e4/641
        try (ImageReader in = ImageReader.open(exr)) {
            BufferedImage back = AwtImages.readRegion(in, 0, 0, 33, 21);
            assertEquals(DataBuffer.TYPE_FLOAT, back.getRaster().getTransferType());
            for (int y = 0; y < 21; y += 4) {
                for (int x = 0; x < 33; x += 4) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(raster.getSampleFloat(x, y, c), back.getRaster().getSampleFloat(x, y, c), 0,
                                "sample " + c + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    /** A region read as a BufferedImage is what the JDK's own PNG decoder shows, for ImageMagick's files. */
    @Test
    void regionsReadMatchJavasOwnDecoder() throws Exception {
        Tools.run(dir, "convert", "-size", "97x71", "gradient:red-blue", "(", "-size", "97x71", "gradient:white-none",
                ")", "-compose", "CopyOpacity", "-composite", "PNG32:rgba.png").ok();
        Tools.run(dir, "convert", "-size", "97x71", "-depth", "16", "gradient:black-white", "PNG48:rgb16.png").ok();
        Tools.run(dir, "convert", "-size", "97x71", "-depth", "16", "gradient:black-white", "-colorspace", "Gray",
                "-define", "png:color-type=0", "gray16.png").ok();
        try (ImageReader in = ImageReader.open(dir.resolve("rgba.png"))) {
            BufferedImage ours = AwtImages.readRegion(in, 10, 5, 40, 30);
            assertEquals(BufferedImage.TYPE_INT_ARGB, ours.getType(), "PNG alpha is straight");
            BufferedImage java = ImageIO.read(dir.resolve("rgba.png").toFile()).getSubimage(10, 5, 40, 30);
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    assertEquals(java.getRGB(x, y), ours.getRGB(x, y), "pixel " + x + "," + y);
                }
            }
        }
        for (String name : new String[] {"rgb16.png", "gray16.png"}) {
            try (ImageReader in = ImageReader.open(dir.resolve(name))) {
                BufferedImage ours = AwtImages.readRegion(in, 0, 0, 97, 71);
                Raster java = ImageIO.read(dir.resolve(name).toFile()).getRaster();
                assertEquals(java.getNumBands(), ours.getRaster().getNumBands(), name);
                for (int y = 0; y < 71; y += 7) {
                    for (int x = 0; x < 97; x += 3) {
                        for (int b = 0; b < java.getNumBands(); b++) {
                            assertEquals(java.getSample(x, y, b), ours.getRaster().getSample(x, y, b),
                                    name + " sample " + b + " at " + x + "," + y);
                        }
                    }
                }
            }
        }
    }

    /** An image whose channels the file does not have is refused naming both; nothing is left. */
    @Test
    void mismatchedChannelsAreRefusedNamingBoth() throws Exception {
        Path file = dir.resolve("rgb.png");
        try (ImageWriter out = ImageWriter.open(file, ImageSpec.builder(61, 37, 3, PixelType.UINT8).build())) {
            TilewrightException e = assertThrows(TilewrightException.class,
                    () -> AwtImages.writeRows(out, 0, picture(BufferedImage.TYPE_INT_ARGB)));
            assertEquals(TilewrightException.Kind.BAD_ARGUMENT, e.kind());
            assertTrue(e.getMessage().contains("the image has 4 channel(s) [R, G, B, A], the file 3 [R, G, B]"),
                    e.getMessage());
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }
}
