package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TIFFs Tilewright writes on its own deflate path (8/16-bit, deflate + predictor, tiles or
 * strips) decoded by readers that share no code with libtiff — the JDK's javax.imageio TIFF
 * plugin (8-bit; it refuses the predictor on 16-bit samples) and the test's own
 * {@link MiniTiffDecoder} — and compared pixel by pixel with the reference: proof they are
 * standard files, not just OIIO-readable.
 */
class TiffInteropIT {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(PixelType.UINT8, 3, 64, "zip"),
                Arguments.of(PixelType.UINT8, 3, 0, "zip:9"),
                Arguments.of(PixelType.UINT16, 1, 32, "zip:1"),
                Arguments.of(PixelType.UINT16, 1, 0, "zip"),
                Arguments.of(PixelType.UINT8, 4, 16, "zip"),
                Arguments.of(PixelType.UINT8, 1, 0, "none"));
    }

    @ParameterizedTest(name = "{0} {1}ch tile {2} {3}")
    @MethodSource("cases")
    void anIndependentReaderDecodesEveryPixel(PixelType type, int channels, int tile, String compression)
            throws Exception {
        int w = 203;
        int h = 151;
        ImageSpec.Builder b = ImageSpec.builder(w, h, channels, type).compression(compression);
        if (tile > 0) {
            b.tileSize(tile, tile);
        }
        ImageSpec spec = b.build();
        Path file = dir.resolve("interop.tif");
        TestPattern.Field f = (x, y, c) -> TestPattern.exact(type, x, y, c);
        try (ImageWriter out = ImageWriter.open(file, spec)) {
            // Rows in pieces of 7, so strips and tile rows are assembled from parts.
            for (int y = 0; y < h; y += 7) {
                int y1 = Math.min(h, y + 7);
                TestPattern.writeScanlines(out, y, y1, TestPattern.region(type, channels, 0, y, w, y1 - y, f));
            }
            out.finish();
        }
        MiniTiffDecoder mini = MiniTiffDecoder.decode(file);
        assertEquals(w, mini.width);
        assertEquals(channels, mini.channels);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    assertEquals((int) f.value(x, y, c), mini.sample(x, y, c), "pixel " + x + "," + y);
                }
            }
        }
        if (type != PixelType.UINT8) {
            return;
        }
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "javax.imageio read the file");
        Raster raster = image.getRaster();
        assertEquals(w, raster.getWidth());
        assertEquals(h, raster.getHeight());
        assertEquals(channels, raster.getNumBands());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    assertEquals((int) f.value(x, y, c), raster.getSample(x, y, c),
                            "pixel " + x + "," + y + " channel " + c);
                }
            }
        }
    }
}
