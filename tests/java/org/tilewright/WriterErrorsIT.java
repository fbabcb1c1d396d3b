package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the writer: each case gets a {@link TilewrightException} (or, for use after
 * close, an {@link IllegalStateException}) whose message names the file and the cause; the
 * JVM keeps running and nothing is left under the final name or as a partial file.
 */
class WriterErrorsIT {
    @TempDir
    Path dir;

    private static ImageSpec rgb(int w, int h) {
        return ImageSpec.builder(w, h, 3, PixelType.UINT8).build();
    }

    private static TilewrightException assertFails(Runnable action, Path file, String cause) {
        TilewrightException e = assertThrows(TilewrightException.class, action::run);
        assertTrue(e.getMessage().contains(file.getFileName().toString()),
                "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(cause), "message says '" + cause + "': " + e.getMessage());
        return e;
    }

    @Test
    void unknownExtension() {
        Path file = dir.resolve("image.nosuchformat");
        assertFails(() -> ImageWriter.open(file, rgb(8, 8)), file, "no image format");
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void folderThatDoesNotExist() {
        Path file = dir.resolve("missing/image.tif");
        assertFails(() -> ImageWriter.open(file, rgb(8, 8)), file, "does not exist");
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void folderThatCannotBeWritten() {
        // /proc refuses new files for every user, root included.
        Path file = Path.of("/proc/tilewright-test.tif");
        assertFails(() -> ImageWriter.open(file, rgb(8, 8)), file, "cannot write into /proc");
        assertFalse(Files.exists(file));
    }

    @Test
    void pathIsADirectory() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder.tif"));
        assertFails(() -> ImageWriter.open(folder, rgb(8, 8)), folder, "is a directory");
        TestPattern.assertFolderHolds(dir, "folder.tif");
    }

    @Test
    void zeroOrNegativeSizesAreRefusedBeforeAnyFileIsMade() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> ImageSpec.builder(0, 10, 3, PixelType.UINT8).build());
        assertTrue(zero.getMessage().contains("0 x 10"), zero.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> ImageSpec.builder(10, -5, 3, PixelType.UINT8).build());
        assertTrue(negative.getMessage().contains("10 x -5"), negative.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ImageSpec.builder(10, 10, 0, PixelType.UINT8).build());
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void unavailableCompressionIsRefusedNotSubstituted() {
        Path file = dir.resolve("image.tif");
        ImageSpec spec = ImageSpec.builder(8, 8, 1, PixelType.UINT8).compression("zstd").build();
        TilewrightException e = assertFails(() -> ImageWriter.open(file, spec), file,
                "compression 'zstd' is not available");
        // A codec the format lacks is the caller's choice gone wrong, as an unknown option is.
        assertEquals(TilewrightException.Kind.BAD_ARGUMENT, e.kind(), "the kind crosses from native code");
        assertTrue(!e.getMessage().contains("\u001F"), "the kind's mark is taken off the message");
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void bufferTooSmallForTheRows() {
        Path file = dir.resolve("image.tif");
        try (ImageWriter w = ImageWriter.open(file, rgb(10, 10))) {
            assertFails(() -> w.writeScanlines(0, 2, new byte[59]), file,
                    "holds 59 values but rows [0, 2) need 60");
            ByteBuffer direct = ByteBuffer.allocateDirect(29);
            assertFails(() -> w.writeScanlines(0, 1, direct), file, "holds 29 bytes");
            // The writer is still usable after a refused call.
            w.writeScanlines(0, 10, new byte[300]);
            w.finish();
        }
        TestPattern.assertFolderHolds(dir, "image.tif");
    }

    @Test
    void rowsOutOfOrderOnAFormatWithoutRandomAccess() {
        Path file = dir.resolve("image.png");
        try (ImageWriter w = ImageWriter.open(file, rgb(10, 10))) {
            assertFalse(w.supports("random_access"));
            w.writeScanlines(0, 2, new byte[60]);
            TilewrightException e = assertFails(() -> w.writeScanlines(5, 6, new byte[30]), file,
                    "rows out of order: row 2 comes next, got rows [5, 6)");
            assertEquals(TilewrightException.Kind.BAD_ARGUMENT, e.kind());
            assertFails(() -> w.writeScanlines(0, 1, new byte[30]), file, "rows out of order");
        }
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void tilesOutOfRasterOrder() {
        Path file = dir.resolve("image.tif");
        ImageSpec spec = ImageSpec.builder(40, 40, 1, PixelType.UINT8).tileSize(16, 16).build();
        try (ImageWriter w = ImageWriter.open(file, spec)) {
            assertFails(() -> w.writeTiles(16, 32, 0, 16, new byte[256]), file, "tiles out of order");
            assertFails(() -> w.writeTiles(3, 16, 0, 16, new byte[256]), file,
                    "is not a whole number of 16x16 tiles");
        }
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void tilesOnAScanlineFile() {
        Path file = dir.resolve("image.tif");
        try (ImageWriter w = ImageWriter.open(file, rgb(16, 16))) {
            assertFails(() -> w.writeTiles(0, 16, 0, 16, new byte[768]), file,
                    "tiles were written to a scanline file");
        }
        Path png = dir.resolve("image.png");
        ImageSpec tiled = ImageSpec.builder(16, 16, 3, PixelType.UINT8).tileSize(8, 8).build();
        assertFails(() -> ImageWriter.open(png, tiled), png, "png files cannot be tiled");
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void useAfterCloseIsAnIllegalStateNotACrash() {
        Path file = dir.resolve("image.tif");
        ImageWriter w = ImageWriter.open(file, rgb(4, 4));
        w.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> w.writeScanlines(0, 1, new byte[12]));
        assertTrue(e.getMessage().contains("image.tif: the writer is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, w::finish);
        assertThrows(IllegalStateException.class, () -> w.supports("tiles"));
        assertDoesNotThrow(w::close);
        assertDoesNotThrow(w::close);
    }

    @Test
    void finishWithMissingRowsSavesNothing() {
        Path file = dir.resolve("image.exr");
        ImageSpec spec = ImageSpec.builder(8, 8, 3, PixelType.HALF).build();
        try (ImageWriter w = ImageWriter.open(file, spec)) {
            w.writeScanlines(0, 5, new float[5 * 8 * 3]);
            assertFails(w::finish, file, "incomplete image: 5 of 8 rows were written");
        }
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void closeWithoutFinishRemovesThePartialFile() {
        Path file = dir.resolve("image.tif");
        try (ImageWriter w = ImageWriter.open(file, rgb(8, 8))) {
            w.writeScanlines(0, 8, new byte[8 * 8 * 3]);
            assertEquals(1, TestPattern.filesIn(dir).size());
            assertTrue(TestPattern.filesIn(dir).get(0).startsWith("image.tif.tw-partial-"),
                    "writes under a recognisable temporary name: " + TestPattern.filesIn(dir));
        }
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void aFailedJobLeavesAnExistingFileUntouched() throws Exception {
        Path file = dir.resolve("image.tif");
        byte[] before = "precious".getBytes();
        Files.write(file, before);
        try (ImageWriter w = ImageWriter.open(file, rgb(8, 8))) {
            w.writeScanlines(0, 3, new byte[3 * 8 * 3]);
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        TestPattern.assertFolderHolds(dir, "image.tif");
    }

    @Test
    void aSuccessfulJobReplacesAnExistingFile() throws Exception {
        Path file = dir.resolve("image.tif");
        Files.write(file, "old".getBytes());
        try (ImageWriter w = ImageWriter.open(file, rgb(8, 8))) {
            w.writeScanlines(0, 8, new byte[8 * 8 * 3]);
            w.finish();
        }
        assertEquals(8, ImageReader.readSpec(file).width());
        TestPattern.assertFolderHolds(dir, "image.tif");
    }

    @Test
    void rowsOutsideTheImage() {
        Path file = dir.resolve("image.tif");
        try (ImageWriter w = ImageWriter.open(file, rgb(8, 8))) {
            assertFails(() -> w.writeScanlines(6, 9, new byte[9 * 8 * 3]), file,
                    "rows [6, 9) are not inside the image's rows [0, 8)");
        }
    }
}
