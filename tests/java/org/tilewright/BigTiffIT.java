package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TIFFs that can pass 4 GiB become BigTIFF without the caller asking. One image above 4 GiB
 * of pixels is written for real (constant rows compress fast, so the test needs neither the
 * memory nor the minutes) and read back at its far end; the cases near the edge are decided
 * when the file is opened, so their headers are checked before any pixel is written.
 */
class BigTiffIT {
    static final int CLASSIC = 42;
    static final int BIG = 43;

    @TempDir
    Path dir;

    private static int tiffVersion(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(4);
            assertEquals('I', header[0], "little-endian TIFF");
            return (header[2] & 0xFF) | (header[3] & 0xFF) << 8;
        }
    }

    @Test
    void anImageAboveFourGibIsBigTiffAndReadsBackAtItsFarEnd() throws Exception {
        int width = 65_536;
        int height = 65_600;  // 4 299 161 600 bytes of pixels, just above 2^32
        ImageSpec spec = ImageSpec.builder(width, height, 1, PixelType.UINT8)
                .compression("zip:1").build();
        assertTrue(spec.imageBytes() > (1L << 32));
        Path file = dir.resolve("big.tif");
        int band = 64;
        ByteBuffer rows = ByteBuffer.allocateDirect(width * band);
        byte[] fill = new byte[width * band];
        try (ImageWriter w = ImageWriter.open(file, spec)) {
            assertEquals(1, w.spec().attribute("tiff:bigtiff"));
            for (int y = 0; y < height; y += band) {
                java.util.Arrays.fill(fill, (byte) (y / band));
                rows.clear();
                rows.put(fill).flip();
                w.writeScanlines(y, Math.min(height, y + band), rows);
            }
            w.finish();
        }
        assertEquals(BIG, tiffVersion(file));
        try (ImageReader r = ImageReader.open(file)) {
            assertEquals(height, r.spec().height());
            byte[] corner = new byte[536 * 130];
            r.readRegion(width - 536, height - 130, 536, 130, corner);
            for (int i = 0; i < corner.length; i++) {
                int y = height - 130 + i / 536;
                assertEquals((byte) (y / band), corner[i], "pixel row " + y);
            }
        }
    }

    private int versionChosenAtOpen(ImageSpec spec) throws IOException {
        Path file = dir.resolve("edge.tif");
        try (ImageWriter w = ImageWriter.open(file, spec)) {
            List<String> names = TestPattern.filesIn(dir);
            assertEquals(1, names.size());
            return tiffVersion(dir.resolve(names.get(0)));
        } finally {
            TestPattern.assertFolderHolds(dir);
        }
    }

    @Test
    void lzwThatCanGrowPastFourGibIsBigTiffThoughThePixelsAreSmaller() throws Exception {
        // 2.9 GB of pixels: OIIO alone would write classic TIFF, but LZW on noise can grow
        // the data by half again, past the 32-bit offsets.
        ImageSpec spec = ImageSpec.builder(50_000, 58_000, 1, PixelType.UINT8)
                .compression("lzw").build();
        assertEquals(BIG, versionChosenAtOpen(spec));
    }

    @Test
    void uncompressedPixelsJustUnderFourGibLeaveNoRoomForTablesSoBigTiff() throws Exception {
        ImageSpec spec = ImageSpec.builder(65_536, 65_535, 1, PixelType.UINT8).tileSize(256, 256)
                .build();
        assertTrue(spec.imageBytes() < (1L << 32));
        assertEquals(BIG, versionChosenAtOpen(spec));
    }

    @Test
    void deflatedPixelsWellUnderTheLimitStayClassic() throws Exception {
        ImageSpec spec = ImageSpec.builder(50_000, 60_000, 1, PixelType.UINT8)
                .compression("zip").build();
        assertEquals(CLASSIC, versionChosenAtOpen(spec));
    }

    @Test
    void anExplicitChoiceIsKept() throws Exception {
        ImageSpec spec = ImageSpec.builder(100, 100, 1, PixelType.UINT8)
                .attribute("tiff:bigtiff", 1).build();
        assertEquals(BIG, versionChosenAtOpen(spec));
    }
}
