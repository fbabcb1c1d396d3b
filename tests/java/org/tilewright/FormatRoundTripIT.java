package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format, layout, type and codec the foundation promises: a reference image computed in
 * code is written through {@link ImageWriter} in uneven pieces, read back through OIIO, and
 * compared pixel by pixel (exactly, or within a stated tolerance for lossy codecs). The image
 * is 301 x 197 with 64 x 32 tiles, so the right and bottom tiles are partial.
 */
class FormatRoundTripIT {
    static final int W = 301;
    static final int H = 197;

    @TempDir
    Path dir;

    /** One file to write: format, layout, type, codec, origin and how exact it must be. */
    record Case(String ext, int channels, PixelType type, boolean tiled, String compression,
            int originX, int originY, boolean lossy, double tolerance) {
        @Override
        public String toString() {
            return ext + " " + channels + "ch " + type + (tiled ? " tiled" : " scanline") + " "
                    + compression + (originX != 0 || originY != 0 ? " origin " + originX + "," + originY : "");
        }

        TestPattern.Field field() {
            return lossy ? (x, y, c) -> TestPattern.smooth(type, x, y, c)
                    : (x, y, c) -> TestPattern.exact(type, x, y, c);
        }
    }

    static Case exact(String ext, int ch, PixelType type, boolean tiled, String compression) {
        return new Case(ext, ch, type, tiled, compression, 0, 0, false, 0);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                exact("tif", 3, PixelType.UINT8, false, "none"),
                exact("tif", 1, PixelType.UINT16, false, "zip"),
                exact("tif", 4, PixelType.UINT8, false, "lzw"),
                exact("tif", 2, PixelType.FLOAT, false, "packbits"),
                exact("tif", 3, PixelType.UINT32, false, "zip:9"),
                exact("tif", 1, PixelType.UINT32, true, "none"),
                exact("tif", 3, PixelType.FLOAT, true, "zip:1"),
                exact("tif", 4, PixelType.UINT16, true, "lzw"),
                exact("tif", 3, PixelType.UINT8, true, "packbits"),
                exact("tif", 2, PixelType.UINT8, true, "zip"),
                new Case("exr", 3, PixelType.HALF, false, "zip", -17, 23, false, 0),
                exact("exr", 4, PixelType.FLOAT, false, "piz"),
                new Case("exr", 4, PixelType.HALF, true, "zip", 5, -9, false, 0),
                exact("exr", 1, PixelType.FLOAT, true, "piz"),
                exact("exr", 2, PixelType.HALF, false, "none"),
                new Case("exr", 3, PixelType.HALF, false, "dwaa", 0, 0, true, 0.02),
                new Case("exr", 3, PixelType.FLOAT, true, "dwaa", 0, 0, true, 0.02),
                exact("png", 1, PixelType.UINT8, false, "zip"),
                exact("png", 3, PixelType.UINT8, false, "zip"),
                exact("png", 4, PixelType.UINT8, false, "zip"),
                exact("png", 1, PixelType.UINT16, false, "zip"),
                exact("png", 3, PixelType.UINT16, false, "zip"),
                exact("png", 4, PixelType.UINT16, false, "zip"),
                new Case("jpg", 3, PixelType.UINT8, false, "jpeg:95", 0, 0, true, 24),
                new Case("jpg", 1, PixelType.UINT8, false, "jpeg:95", 0, 0, true, 24),
                exact("bmp", 3, PixelType.UINT8, false, "none")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesThenReadsBackEveryPixel(Case c) {
        Path file = dir.resolve("image." + c.ext());
        ImageSpec.Builder b = ImageSpec.builder(W, H, c.channels(), c.type())
                .origin(c.originX(), c.originY());
        if (!c.compression().equals("none")) {
            b.compression(c.compression());
        }
        if (c.originX() != 0 || c.originY() != 0) {
            b.fullWindow(0, 0, 400, 300);
        }
        if (c.tiled()) {
            b.tileSize(64, 32);
        }
        ImageSpec spec = b.build();
        TestPattern.Field field = c.field();

        try (ImageWriter writer = ImageWriter.open(file, spec)) {
            if (c.tiled()) {
                writeTiles(writer, spec, field);
            } else {
                writeRowsInUnevenPieces(writer, spec, field);
            }
            writer.finish();
        }
        TestPattern.assertFolderHolds(dir, file.getFileName().toString());

        try (ImageReader reader = ImageReader.open(file)) {
            ImageSpec read = reader.spec();
            assertEquals(W, read.width());
            assertEquals(H, read.height());
            assertEquals(c.channels(), read.channels());
            assertEquals(c.originX(), read.x());
            assertEquals(c.originY(), read.y());
            if (c.originX() != 0 || c.originY() != 0) {
                assertEquals(400, read.fullWidth());
                assertEquals(300, read.fullHeight());
            }
            if (!c.ext().equals("jpg") && !c.ext().equals("bmp")) {
                assertEquals(c.type(), read.pixelType());
            }
            assertEquals(c.tiled() ? 64 : 0, read.tileWidth());
            if (!c.compression().equals("none") && !c.ext().equals("png") && !c.ext().equals("jpg")) {
                String stored = String.valueOf(read.attribute("compression"));
                String asked = c.compression().split(":")[0];
                assertTrue(stored.startsWith(asked), "compression stored as " + stored);
            }
            double meanError = TestPattern.assertRegion(reader, c.type(), c.originX(), c.originY(),
                    W, H, field, c.tolerance());
            if (c.lossy()) {
                assertTrue(meanError < c.tolerance() / 4,
                        "mean error " + meanError + " for tolerance " + c.tolerance());
            }
        }
    }

    /** Rows in pieces of 1, 7, 13 and 32 rows, in order. */
    private static void writeRowsInUnevenPieces(ImageWriter writer, ImageSpec spec,
            TestPattern.Field field) {
        int[] pieces = {1, 7, 13, 32};
        int y = spec.y();
        for (int i = 0; y < spec.y() + spec.height(); i++) {
            int rows = Math.min(pieces[i % pieces.length], spec.y() + spec.height() - y);
            Object data = TestPattern.region(spec.pixelType(), spec.channels(), spec.x(), y,
                    spec.width(), rows, field);
            TestPattern.writeScanlines(writer, y, y + rows, data);
            y += rows;
        }
    }

    /** Even rows of tiles one tile per call, odd rows of tiles in one call. */
    private static void writeTiles(ImageWriter writer, ImageSpec spec, TestPattern.Field field) {
        int right = spec.x() + spec.width();
        int bottom = spec.y() + spec.height();
        int row = 0;
        for (int ty = spec.y(); ty < bottom; ty += spec.tileHeight(), row++) {
            int tyEnd = Math.min(ty + spec.tileHeight(), bottom);
            if (row % 2 == 1) {
                Object data = TestPattern.region(spec.pixelType(), spec.channels(), spec.x(), ty,
                        spec.width(), tyEnd - ty, field);
                TestPattern.writeTiles(writer, spec.x(), right, ty, tyEnd, data);
                continue;
            }
            for (int tx = spec.x(); tx < right; tx += spec.tileWidth()) {
                int txEnd = Math.min(tx + spec.tileWidth(), right);
                Object data = TestPattern.region(spec.pixelType(), spec.channels(), tx, ty,
                        txEnd - tx, tyEnd - ty, field);
                TestPattern.writeTiles(writer, tx, txEnd, ty, tyEnd, data);
            }
        }
    }
}
