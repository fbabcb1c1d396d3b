package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Region, row and tile reads, type conversion, channel subsets, and bad files. */
class ReaderIT {
    @TempDir
    Path dir;

    private Path writeExact(String name, ImageSpec spec) {
        Path file = dir.resolve(name);
        TestPattern.Field f = (x, y, c) -> TestPattern.exact(spec.pixelType(), x, y, c);
        try (ImageWriter w = ImageWriter.open(file, spec)) {
            Object all = TestPattern.region(spec.pixelType(), spec.channels(), spec.x(), spec.y(),
                    spec.width(), spec.height(), f);
            if (spec.isTiled()) {
                TestPattern.writeTiles(w, spec.x(), spec.x() + spec.width(), spec.y(),
                        spec.y() + spec.height(), all);
            } else {
                TestPattern.writeScanlines(w, spec.y(), spec.y() + spec.height(), all);
            }
            w.finish();
        }
        return file;
    }

    @Test
    void regionsAcrossTileEdgesOfATiledFile() {
        ImageSpec spec = ImageSpec.builder(257, 131, 3, PixelType.UINT16).tileSize(32, 16)
                .compression("zip").build();
        Path file = writeExact("tiled.tif", spec);
        try (ImageReader r = ImageReader.open(file)) {
            TestPattern.Field f = (x, y, c) -> TestPattern.exact(PixelType.UINT16, x, y, c);
            TestPattern.assertRegion(r, PixelType.UINT16, 37, 29, 100, 70, f, 0);
            TestPattern.assertRegion(r, PixelType.UINT16, 250, 120, 7, 11, f, 0);  // the ragged corner
            TestPattern.assertRegion(r, PixelType.UINT16, 0, 0, 1, 1, f, 0);
            TestPattern.assertRegion(r, PixelType.UINT16, 0, 0, 257, 131, f, 0);
        }
    }

    @Test
    void regionsOfAScanlineFileWithANegativeOrigin() {
        ImageSpec spec = ImageSpec.builder(120, 90, 4, PixelType.FLOAT).origin(-40, -7)
                .fullWindow(0, 0, 64, 64).compression("piz").build();
        Path file = writeExact("frame.exr", spec);
        try (ImageReader r = ImageReader.open(file)) {
            assertEquals(-40, r.spec().x());
            assertEquals(-7, r.spec().y());
            TestPattern.Field f = (x, y, c) -> TestPattern.exact(PixelType.FLOAT, x, y, c);
            TestPattern.assertRegion(r, PixelType.FLOAT, -40, -7, 120, 90, f, 0);
            TestPattern.assertRegion(r, PixelType.FLOAT, -3, 5, 50, 33, f, 0);
        }
    }

    @Test
    void rowsAndTilesIntoDirectAndHeapBuffers() {
        ImageSpec spec = ImageSpec.builder(64, 48, 2, PixelType.UINT8).tileSize(16, 16).build();
        Path file = writeExact("tiles.tif", spec);
        try (ImageReader r = ImageReader.open(file)) {
            byte[] tile = new byte[16 * 16 * 2];
            r.readTiles(16, 32, 16, 32, tile);
            assertEquals(TestPattern.exact(PixelType.UINT8, 16, 16, 0), tile[0] & 0xFF);
            assertEquals(TestPattern.exact(PixelType.UINT8, 31, 31, 1), tile[tile.length - 1] & 0xFF);

            ByteBuffer direct = ByteBuffer.allocateDirect(3 * 64).order(ByteOrder.nativeOrder());
            direct.position(64);  // reads fill from the buffer's position
            r.readScanlines(10, 11, 1, 2, PixelType.UINT8, direct);
            for (int x = 0; x < 64; x++) {
                assertEquals(TestPattern.exact(PixelType.UINT8, x, 10, 1), direct.get(64 + x) & 0xFF);
            }
            ByteBuffer heap = ByteBuffer.allocate(5 * 4 * 2);
            r.readRegion(60, 44, 4, 4, 0, 2, PixelType.UINT8, heap);
            assertEquals(TestPattern.exact(PixelType.UINT8, 63, 47, 1), heap.get(4 * 4 * 2 - 1) & 0xFF);
        }
    }

    @Test
    void convertsIntegerDepthsAndFloatWithOiiosScaling() {
        ImageSpec spec = ImageSpec.builder(50, 20, 1, PixelType.UINT16).build();
        Path file = writeExact("deep.png", spec);
        try (ImageReader r = ImageReader.open(file)) {
            byte[] eight = new byte[50 * 20];
            float[] floats = new float[50 * 20];
            r.readRegion(0, 0, 50, 20, eight);
            r.readRegion(0, 0, 50, 20, floats);
            for (int i = 0; i < eight.length; i++) {
                double v = TestPattern.exact(PixelType.UINT16, i % 50, i / 50, 0);
                assertEquals(Math.round(v / 257.0), eight[i] & 0xFF, 1, "8-bit value " + i);
                assertEquals(v / 65535.0, floats[i], 1e-6, "float value " + i);
            }
        }
    }

    /**
     * A 200000 x 200000 RGB TIFF (120 GB of pixels, past OIIO's 32 GB guard) built by hand
     * with every tile pointing at one compressed tile: it opens, and regions anywhere read
     * back, because readers never hold more than a bounded chunk.
     */
    @Test
    void readsRegionsOfAnImageFarLargerThanRam() throws Exception {
        Path file = dir.resolve("huge.tif");
        Files.write(file, HugeTiff.constantTiles(200_000, 200_000, 256, new byte[] {10, 20, 30}));
        try (ImageReader r = ImageReader.open(file)) {
            assertEquals(200_000, r.spec().width());
            assertEquals(120_000_000_000L, r.spec().imageBytes());
            byte[] region = new byte[300 * 2 * 3];
            r.readRegion(199_700, 123_456, 300, 2, region);
            for (int i = 0; i < region.length; i += 3) {
                assertEquals(10, region[i]);
                assertEquals(20, region[i + 1]);
                assertEquals(30, region[i + 2]);
            }
        }
    }

    private TilewrightException assertReadFails(Path file, String cause) {
        TilewrightException e = assertThrows(TilewrightException.class, () -> ImageReader.open(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(cause), "says '" + cause + "': " + e.getMessage());
        return e;
    }

    @Test
    void badFilesGiveClearErrors() throws Exception {
        assertReadFails(dir.resolve("absent.tif"), "no such file");
        assertReadFails(Files.createDirectory(dir.resolve("folder.png")), "is a directory");
        assertReadFails(Files.write(dir.resolve("empty.png"), new byte[0]), "cannot be read as an image");
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        assertReadFails(Files.write(dir.resolve("noise.tif"), noise), "cannot be read as an image");
    }

    @Test
    void refusedReadsAndUseAfterClose() {
        Path file = writeExact("small.tif", ImageSpec.builder(20, 10, 1, PixelType.UINT8).build());
        ImageReader r = ImageReader.open(file);
        TilewrightException outside = assertThrows(TilewrightException.class,
                () -> r.readRegion(15, 0, 10, 10, new byte[100]));
        assertTrue(outside.getMessage().contains("small.tif: region x [15, 25), y [0, 10) is not inside"),
                outside.getMessage());
        TilewrightException notTiled = assertThrows(TilewrightException.class,
                () -> r.readTiles(0, 16, 0, 10, new byte[160]));
        assertTrue(notTiled.getMessage().contains("not tiled"), notTiled.getMessage());
        TilewrightException small = assertThrows(TilewrightException.class,
                () -> r.readScanlines(0, 2, new byte[39]));
        assertTrue(small.getMessage().contains("holds 39 values"), small.getMessage());
        r.close();
        assertThrows(IllegalStateException.class, () -> r.readScanlines(0, 1, new byte[20]));
        assertDoesNotThrow(r::close);
    }

    /** Builds classic TIFFs whose tiles all share one compressed tile. */
    static final class HugeTiff {
        static byte[] constantTiles(int width, int height, int tile, byte[] rgb) {
            byte[] raw = new byte[tile * tile * 3];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = rgb[i % 3];
            }
            Deflater deflater = new Deflater();
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                packed.write(chunk, 0, deflater.deflate(chunk));
            }
            deflater.end();
            byte[] tileData = packed.toByteArray();
            long tiles = (long) ((width + tile - 1) / tile) * ((height + tile - 1) / tile);
            int entries = 11;
            int ifdOffset = 8;
            int ifdSize = 2 + entries * 12 + 4;
            int bitsOffset = ifdOffset + ifdSize;
            int tileDataOffset = bitsOffset + 6;
            int offsetsOffset = tileDataOffset + tileData.length;
            int countsOffset = Math.toIntExact(offsetsOffset + 4 * tiles);
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(countsOffset + 4 * tiles))
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
            b.putShort((short) entries);
            entry(b, 256, 4, 1, width);
            entry(b, 257, 4, 1, height);
            entry(b, 258, 3, 3, bitsOffset);
            entry(b, 259, 3, 1, 8);          // deflate
            entry(b, 262, 3, 1, 2);          // RGB
            entry(b, 277, 3, 1, 3);
            entry(b, 284, 3, 1, 1);          // contiguous
            entry(b, 322, 3, 1, tile);
            entry(b, 323, 3, 1, tile);
            entry(b, 324, 4, tiles, offsetsOffset);
            entry(b, 325, 4, tiles, countsOffset);
            b.putInt(0);
            b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
            b.put(tileData);
            for (long t = 0; t < tiles; t++) {
                b.putInt(tileDataOffset);
            }
            for (long t = 0; t < tiles; t++) {
                b.putInt(tileData.length);
            }
            return b.array();
        }

        private static void entry(ByteBuffer b, int tag, int type, long count, int value) {
            b.putShort((short) tag).putShort((short) type).putInt(Math.toIntExact(count));
            if (type == 3 && count == 1) {
                b.putShort((short) value).putShort((short) 0);
            } else {
                b.putInt(value);
            }
        }
    }
}
