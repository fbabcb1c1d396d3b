package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's simple row writer. */
class StreamingWriterIT {
    @TempDir
    Path dir;

    @Test
    void seedGradientAsPackedRgbRows() {
        int w = 200;
        int h = 150;
        Path file = dir.resolve("smooth_gradient.png");
        try (StreamingWriter sw = new StreamingWriter(file.toString(), w, h, 24)) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = (int) (255.0 * x / w);
                    int g = (int) (255.0 * y / h);
                    int b = (int) (255.0 * (1 - (double) x / w));
                    row[x] = (r << 16) | (g << 8) | b;
                }
                sw.writePackedRow(row);
            }
            assertTrue(sw.isComplete(), "the last row saves the file");
        }
        try (ImageReader r = ImageReader.open(file)) {
            assertEquals(3, r.spec().channels());
            TestPattern.assertRegion(r, PixelType.UINT8, 0, 0, w, h, (x, y, c) ->
                    c == 0 ? (int) (255.0 * x / w) : c == 1 ? (int) (255.0 * y / h)
                            : (int) (255.0 * (1 - (double) x / w)), 0);
        }
    }

    @Test
    void packedArgbBecomesRgba() {
        Path file = dir.resolve("rgba.png");
        try (StreamingWriter sw = new StreamingWriter(file.toString(), 2, 1, 32)) {
            sw.writePackedRow(new int[] {0x80112233, 0xFF445566});
        }
        byte[] px = new byte[8];
        try (ImageReader r = ImageReader.open(file)) {
            r.readScanlines(0, 1, px);
        }
        assertEquals(0x11, px[0]);
        assertEquals(0x22, px[1]);
        assertEquals(0x33, px[2]);
        assertEquals(0x80, px[3] & 0xFF);
        assertEquals(0x66, px[6]);
        assertEquals(0xFF, px[7] & 0xFF);
    }

    @Test
    void sixteenBitRowsToTiff() {
        Path file = dir.resolve("deep.tif");
        try (StreamingWriter sw = new StreamingWriter(file.toString(), 3, 2, 48)) {
            sw.writeRow(new short[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            sw.writeRow(new short[] {(short) 65535, 0, 1000, 2000, 3000, 4000, 5000, 6000, 7000});
        }
        short[] back = new short[18];
        try (ImageReader r = ImageReader.open(file)) {
            assertEquals(PixelType.UINT16, r.spec().pixelType());
            r.readScanlines(0, 2, back);
        }
        assertEquals(9, back[8]);
        assertEquals(65535, back[9] & 0xFFFF);
        assertEquals(7000, back[17]);
    }

    @Test
    void closingBeforeTheLastRowSavesNothing() {
        Path file = dir.resolve("partial.png");
        try (StreamingWriter sw = new StreamingWriter(file.toString(), 10, 10, 8)) {
            sw.writeRow(new byte[10]);
            assertFalse(sw.isComplete());
        }
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void misuseIsRefused() {
        Path file = dir.resolve("misuse.png");
        try (StreamingWriter sw = new StreamingWriter(file.toString(), 4, 1, 8)) {
            TilewrightException shortRow = assertThrows(TilewrightException.class,
                    () -> sw.writeRow(new byte[3]));
            assertTrue(shortRow.getMessage().contains("a row needs 4 pixels, got 3"),
                    shortRow.getMessage());
            assertThrows(IllegalStateException.class, () -> sw.writeRow(new short[4]));
            sw.writeRow(new byte[4]);
            assertThrows(IllegalStateException.class, () -> sw.writeRow(new byte[4]));
        }
        IllegalArgumentException bpp = assertThrows(IllegalArgumentException.class,
                () -> new StreamingWriter(dir.resolve("x.png").toString(), 4, 4, 12));
        assertTrue(bpp.getMessage().contains("got 12"), bpp.getMessage());
        TestPattern.assertFolderHolds(dir, "misuse.png");
    }
}
