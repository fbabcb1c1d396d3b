package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.Raster;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PNGs from Tilewright's parallel encoder (bands filtered and deflated on every core, joined
 * into one zlib stream) decoded by the JDK's own PNG reader, which shares no code with libpng
 * or zlib's inflate, and compared pixel by pixel. Images are tall enough for several bands.
 */
class PngInteropIT {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(PixelType.UINT8, 1), Arguments.of(PixelType.UINT8, 2),
                Arguments.of(PixelType.UINT8, 3), Arguments.of(PixelType.UINT8, 4),
                Arguments.of(PixelType.UINT16, 1), Arguments.of(PixelType.UINT16, 3),
                Arguments.of(PixelType.UINT16, 4));
    }

    @ParameterizedTest(name = "{0} {1}ch")
    @MethodSource("cases")
    void theJdkDecodesEveryPixel(PixelType type, int channels) throws Exception {
        int w = 641;
        int h = 2500;  // about 4 MB of 16-bit RGB rows: several 1 MB deflate pieces
        Path file = dir.resolve("interop.png");
        TestPattern.Field f = (x, y, c) -> (x + y) % 7 == 0 ? TestPattern.exact(type, x, y, c)
                : TestPattern.smooth(type, x, y, c);
        try (ImageWriter out = ImageWriter.open(file, ImageSpec.builder(w, h, channels, type).build())) {
            for (int y = 0; y < h; y += 97) {
                int y1 = Math.min(h, y + 97);
                TestPattern.writeScanlines(out, y, y1, TestPattern.region(type, channels, 0, y, w, y1 - y, f));
            }
            out.finish();
        }
        assertJdkDecodes(file, w, h, channels, f);
    }

    /**
     * Rows of noise (deflated with run-length matches alone) above rows of flat areas and
     * steps (where the full match search is tried too, and the smaller stream kept), at the
     * default level and at 9: the pieces of both kinds join into one stream.
     */
    @ParameterizedTest(name = "{0} {1}ch")
    @MethodSource("cases")
    void noiseAboveFlatAreasJoinsBothKindsOfPiece(PixelType type, int channels) throws Exception {
        int w = 1000;
        int h = 2400;
        TestPattern.Field f = (x, y, c) -> y < h / 2 ? TestPattern.exact(type, x, y, c)
                : ((x / 50 + y / 40) % 3) * (type == PixelType.UINT8 ? 100 : 25_000) + c;
        for (String compression : new String[] {null, "zip:9"}) {
            Path file = dir.resolve("mixed-" + compression + ".png");
            ImageSpec.Builder spec = ImageSpec.builder(w, h, channels, type);
            if (compression != null) {
                spec.compression(compression);
            }
            try (ImageWriter out = ImageWriter.open(file, spec.build())) {
                for (int y = 0; y < h; y += 300) {
                    TestPattern.writeScanlines(out, y, y + 300, TestPattern.region(type, channels, 0, y, w, 300, f));
                }
                out.finish();
            }
            assertJdkDecodes(file, w, h, channels, f);
        }
    }

    private static void assertJdkDecodes(Path file, int w, int h, int channels, TestPattern.Field f) throws Exception {
        var image = ImageIO.read(file.toFile());
        assertNotNull(image);
        Raster raster = image.getRaster();
        assertEquals(channels, raster.getNumBands());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    assertEquals((int) f.value(x, y, c), raster.getSample(x, y, c), "pixel " + x + "," + y);
                }
            }
        }
    }
}
