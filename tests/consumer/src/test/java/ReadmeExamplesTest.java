import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;
import org.tilewright.ImageWriter;
import org.tilewright.PixelType;

/** Runs each of the README's examples as a user would and checks what it wrote. */
class ReadmeExamplesTest {
    @TempDir
    Path dir;

    @Test
    void hugeImage() throws Exception {
        Path file = dir.resolve("huge.tif");
        HugeImage.main(new String[] {file.toString()});
        try (ImageReader in = ImageReader.open(file)) {
            assertEquals(20_000, in.spec().width());
            assertEquals(12_000, in.spec().height());
            byte[] pixel = new byte[3];
            in.readRegion(12_000, 8_000, 1, 1, pixel);
            assertEquals(255 * 12_000 / 20_000, pixel[0] & 0xFF);
            assertEquals(255 * 8_000 / 12_000, pixel[1] & 0xFF);
            assertEquals(128, pixel[2] & 0xFF);
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing but the image is left");
        }
    }

    @Test
    void memoryTiles() throws Exception {
        Path file = dir.resolve("frames.tif");
        MemoryTiles.main(new String[] {file.toString()});
        try (ImageReader in = ImageReader.open(file)) {
            assertEquals(4 * 2048, in.spec().width());
            assertEquals(3 * 2048, in.spec().height());
            short[] pixel = new short[1];
            in.readRegion(2 * 2048 + 5, 1 * 2048 + 9, 1, 1, pixel);   // frame 2,1 at its (5, 9)
            assertEquals(2 * 10000 + 1 * 1000 + (9 ^ 5) % 1000, pixel[0] & 0xFFFF);
        }
    }

    @Test
    void resumable() throws Exception {
        Path file = dir.resolve("rings.tif");
        Resumable.main(new String[] {file.toString()});
        try (ImageReader in = ImageReader.open(file)) {
            assertEquals(8192, in.spec().width());
            byte[] pixel = new byte[3];
            in.readRegion(1000, 7000, 1, 1, pixel);
            long dx = 1000 - 4096, dy = 7000 - 4096;
            assertEquals((byte) ((dx * dx + dy * dy) >> 12), pixel[0]);
            assertEquals(1000 >> 5, pixel[1] & 0xFF);
            assertEquals(7000 >> 5, pixel[2] & 0xFF);
        }
        try (ImageReader half = ImageReader.open(file, 0, 1)) {
            assertEquals(4096, half.spec().width());
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the journal and partial files go with the commit");
        }
    }

    @Test
    void procedural() throws Exception {
        Procedural.main(new String[] {dir.toString()});
        try (ImageReader in = ImageReader.open(dir.resolve("generated.png"))) {
            assertEquals(6_000, in.spec().width());
            byte[] pixel = new byte[3];
            in.readRegion(3_000, 1_500, 1, 1, pixel);
            assertEquals(128, pixel[0] & 0xFF);   // 255 * 3000 / 6000 = 127.5, rounded
            assertEquals(64, pixel[1] & 0xFF);    // 63.75
        }
        try (ImageReader in = ImageReader.open(dir.resolve("packed.png"))) {
            assertEquals(4_000, in.spec().width());
            assertEquals(3_000, in.spec().height());
            byte[] pixel = new byte[3];
            in.readRegion(2_000, 1_500, 1, 1, pixel);
            assertEquals(2_000 * 255 / 4_000, pixel[0] & 0xFF);
            assertEquals(1_500 * 255 / 3_000, pixel[1] & 0xFF);
        }
    }

    @Test
    void drawnTiles() throws Exception {
        DrawnTiles.main(new String[] {dir.toString()});
        assertEquals(8192, ImageReader.readSpec(dir.resolve("drawn.tif")).width());
        java.awt.image.BufferedImage region = javax.imageio.ImageIO.read(dir.resolve("region.png").toFile());
        assertEquals(1024, region.getWidth());
        // (3584, 3584) is the corner of tile (7, 7): 7 * 512 * 255 / 8192 = 111 in red and green.
        int argb = region.getRGB(0, 0);
        assertEquals(200, argb >>> 24, Integer.toHexString(argb));
        assertEquals(111, argb >>> 16 & 0xFF, 1, Integer.toHexString(argb));
        assertEquals(111, argb >>> 8 & 0xFF, 1, Integer.toHexString(argb));
        assertEquals(160, argb & 0xFF, 1, Integer.toHexString(argb));
        int centre = region.getRGB(256, 256);   // the white disc of that tile
        assertEquals(0xFFFFFFFF, centre, Integer.toHexString(centre));
    }

    @Test
    void buckets() throws Exception {
        Path frame = dir.resolve("frame.exr");
        Buckets.main(new String[] {frame.toString()});
        try (ImageReader in = ImageReader.open(frame)) {
            float[] pixel = new float[4];
            in.readRegion(4095, 2159, 1, 1, pixel);
            assertEquals(4095 / 4096f, pixel[0], 0);
            assertEquals(2159 / 2160f, pixel[1], 0);
            assertEquals(0.25f, pixel[2], 0);
            assertEquals(1f, pixel[3], 0);
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no spill file is left");
        }
    }

    /** Ten flat 64 x 48 tiles, tile i of value 20 i + 10. */
    private void tiles() {
        for (int i = 0; i < 10; i++) {
            ImageSpec spec = ImageSpec.builder(64, 48, 3, PixelType.UINT8).build();
            try (ImageWriter out = ImageWriter.open(dir.resolve(String.format("tile-%02d.png", i)), spec)) {
                byte[] rows = new byte[64 * 48 * 3];
                java.util.Arrays.fill(rows, (byte) (20 * i + 10));
                out.writeScanlines(0, 48, rows);
                out.finish();
            }
        }
    }

    @Test
    void pyramids() throws Exception {
        tiles();
        Pyramids.main(new String[] {dir.toString(), "5"});
        try (ImageReader half = ImageReader.open(dir.resolve("slide.tif"), 0, 1)) {
            assertEquals(5 * 64 / 2, half.spec().width());
            assertEquals(2 * 48 / 2, half.spec().height());
            byte[] pixel = new byte[3];
            half.readRegion(32 + 8, 24 + 6, 1, 1, pixel);   // inside tile 6 (second row, second column)
            assertEquals(130, pixel[0] & 0xFF);
        }
        assertTrue(Files.isRegularFile(dir.resolve("slide.dzi")));
        assertTrue(Files.isDirectory(dir.resolve("slide_files")));
        assertTrue(Files.isRegularFile(dir.resolve("slide.html")));
    }

    @Test
    void mosaic() throws Exception {
        tiles();
        Mosaic.main(new String[] {dir.toString(), "4"});
        try (ImageReader in = ImageReader.open(dir.resolve("mosaic.tif"))) {
            assertEquals(4 * 64 + 3 * 8, in.spec().width());
            assertEquals(3 * 48 + 2 * 8, in.spec().height());
            byte[] pixel = new byte[3];
            in.readRegion(72 + 10, 56 + 10, 1, 1, pixel);   // tile 5: second column, second row
            assertEquals(110, pixel[0] & 0xFF);
            in.readRegion(3 * 72 + 10, 2 * 56 + 10, 1, 1, pixel);   // the grid's empty last cells
            assertTrue((pixel[0] & 0xFF) == Math.round(0.12 * 255), "background: " + (pixel[0] & 0xFF));
        }
    }
}
