package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults that unattended pipelines meet: broken inputs, full disks, vanished folders, leaks
 * over thousands of cycles, and many jobs at once. Every fault must end in our exception
 * naming the file, with the JVM alive and nothing left under the final name.
 */
class HardeningIT {
    /** The valid files the fuzz and the truncation sweep start from: extension, type, channels. */
    static final Object[][] SMALL_VALID_FILES = {{"png", PixelType.UINT8, 3}, {"tif", PixelType.UINT16, 1},
        {"exr", PixelType.HALF, 4}, {"jpg", PixelType.UINT8, 3}};

    @TempDir
    Path dir;

    static byte[] validFile(Path dir, String ext, PixelType type, int channels) throws IOException {
        Path file = dir.resolve("valid." + ext);
        ImageSpec spec = ImageSpec.builder(37, 23, channels, type).compression(
                ext.equals("exr") ? "zip" : ext.equals("jpg") ? "jpeg:90" : "zip").build();
        try (ImageWriter w = ImageWriter.open(file, spec)) {
            TestPattern.writeScanlines(w, 0, 23, TestPattern.region(type, channels, 0, 0, 37, 23,
                    (x, y, c) -> TestPattern.smooth(type, x, y, c)));
            w.finish();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    /**
     * Bit flips, truncations and overwritten length fields of valid PNG, TIFF, EXR and JPEG
     * files, 120 of each from a fixed seed: reading each must succeed or fail with our
     * exception naming the file, and stitching it must fail cleanly or report it skipped.
     */
    @Test
    void seededFuzzOfValidFilesNeverCrashesAndAlwaysNamesTheFile() throws Exception {
        Random random = new Random(20261123);
        int failures = 0;
        int reads = 0;
        for (Object[] f : SMALL_VALID_FILES) {
            byte[] valid = validFile(dir, (String) f[0], (PixelType) f[1], (Integer) f[2]);
            for (int i = 0; i < 120; i++) {
                byte[] bad = mutate(valid, random);
                Path file = dir.resolve("fuzz_" + i + "." + f[0]);
                Files.write(file, bad);
                try (ImageReader r = ImageReader.open(file)) {
                    ImageSpec s = r.spec();
                    if ((long) s.width() * s.height() * s.channels() < 50_000_000L) {
                        float[] all = new float[s.width() * s.height() * s.channels()];
                        r.readRegion(s.x(), s.y(), s.width(), s.height(), all);
                    }
                    reads++;
                } catch (TilewrightException e) {
                    failures++;
                    assertTrue(e.getMessage().contains(file.getFileName().toString()),
                            "names the file: " + e.getMessage());
                }
                if (i % 20 == 0) {  // and as a stitch input, now and then
                    Path out = dir.resolve("fuzz-out.tif");
                    try {
                        StitchReport report = StitchJob.plan(out, Layout.placements(List.of(
                                new Placement(file, 0, 0))).withCanvas(0, 0, 64, 64),
                                StitchOptions.defaults().withMissingPolicy(MissingPolicy.SKIP)).run();
                        assertTrue(Files.exists(out));
                        report.problems().forEach(p -> assertEquals(file, p.path()));
                    } catch (TilewrightException e) {
                        // The input's own name, not the output's ("fuzz-out.tif" contains "fuzz" too).
                        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
                    }
                    Files.deleteIfExists(out);
                }
                Files.delete(file);
            }
        }
        assertTrue(failures > 50, "most mutations are detected: " + failures + " failed, " + reads + " read");
        assertTrue(TestPattern.filesIn(dir).stream().noneMatch(n -> n.contains(".tw-partial-")));
    }

    /**
     * Every format cut at each of its first 16 bytes and at 48 points spread over the rest:
     * a read either gives the image or fails with our exception naming the file; a stitch of
     * it into a pyramidal TIFF either completes or fails naming it, leaving no output, no
     * temporary file and no temporary level behind.
     */
    @Test
    void truncationAtManyCutPointsIsAlwaysAClearError() throws Exception {
        int cuts = 0;
        int failures = 0;
        for (Object[] f : SMALL_VALID_FILES) {
            byte[] valid = validFile(dir, (String) f[0], (PixelType) f[1], (Integer) f[2]);
            java.util.SortedSet<Integer> points = new java.util.TreeSet<>();
            for (int i = 0; i < 16; i++) {
                points.add(i);
            }
            for (int i = 1; i <= 48; i++) {
                points.add((int) ((long) valid.length * i / 49));
            }
            points.add(valid.length - 1);
            for (int cut : points) {
                Path file = dir.resolve("cut_" + cut + "." + f[0]);
                Files.write(file, java.util.Arrays.copyOf(valid, cut));
                cuts++;
                try (ImageReader r = ImageReader.open(file)) {
                    ImageSpec s = r.spec();
                    float[] all = new float[s.width() * s.height() * s.channels()];
                    r.readRegion(s.x(), s.y(), s.width(), s.height(), all);
                } catch (TilewrightException e) {
                    failures++;
                    assertTrue(e.getMessage().contains(file.getFileName().toString()), "names the file: " + e.getMessage());
                }
                Path out = dir.resolve("cut-out.tif");
                try {
                    StitchJob.plan(out, Layout.placements(List.of(new Placement(file, 0, 0))).withCanvas(0, 0, 64, 64),
                            StitchOptions.defaults().withTileSize(16).withPyramid(Pyramid.automatic())).run();
                    assertTrue(Files.exists(out));
                    Files.delete(out);
                } catch (TilewrightException e) {
                    assertTrue(e.getMessage().contains(file.getFileName().toString()), "names the file: " + e.getMessage());
                    assertFalse(Files.exists(out));
                }
                Files.delete(file);
                List<String> left = TestPattern.filesIn(dir);
                assertTrue(left.stream().noneMatch(n -> n.contains(".tw-partial-") || n.contains("cut")),
                        "nothing left behind after cut " + cut + " of " + f[0] + ": " + left);
            }
        }
        assertTrue(failures > cuts / 2, "most cuts are detected: " + failures + " of " + cuts);
    }

    static byte[] mutate(byte[] valid, Random random) {
        byte[] bad = valid.clone();
        switch (random.nextInt(4)) {
            case 0:  // truncate
                return java.util.Arrays.copyOf(bad, 1 + random.nextInt(bad.length - 1));
            case 1:  // flip a few bits
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    int at = random.nextInt(bad.length);
                    bad[at] ^= (byte) (1 << random.nextInt(8));
                }
                return bad;
            case 2: {  // a length or size field made huge (in the first 200 bytes: headers)
                int at = random.nextInt(Math.min(200, bad.length - 4));
                bad[at] = (byte) 0x7F;
                bad[at + 1] = (byte) 0xFF;
                bad[at + 2] = (byte) 0xFF;
                bad[at + 3] = (byte) random.nextInt(256);
                return bad;
            }
            default: {  // random bytes over a stretch
                int at = random.nextInt(bad.length);
                for (int k = at; k < Math.min(bad.length, at + 64); k++) {
                    bad[k] = (byte) random.nextInt(256);
                }
                return bad;
            }
        }
    }

    /** A classic TIFF header with the given size, whose one strip points where asked. */
    static byte[] tiffHeader(long width, long height, int stripOffset, int stripBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 8 * 12 + 4 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 8);
        int[][] entries = {{256, 4, 1, (int) width}, {257, 4, 1, (int) height}, {258, 3, 1, 8},
            {259, 3, 1, 1}, {262, 3, 1, 1}, {273, 4, 1, stripOffset}, {278, 4, 1, (int) height},
            {279, 4, 1, stripBytes}};
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            if (e[1] == 3) {
                b.putShort((short) e[3]).putShort((short) 0);
            } else {
                b.putInt(e[3]);
            }
        }
        b.putInt(0);
        return b.array();
    }

    @Test
    void absurdHeadersAndStripsPastTheEndAreClearErrors() throws Exception {
        Path wide = Files.write(dir.resolve("wide.tif"), tiffHeader(Integer.MAX_VALUE, 1, 200, 100));
        Path empty = Files.write(dir.resolve("zero-high.tif"), tiffHeader(100, 0, 200, 100));
        Path past = Files.write(dir.resolve("past-end.tif"), tiffHeader(100, 100, 1_000_000, 10_000));
        for (Path file : List.of(wide, empty, past)) {
            TilewrightException e = assertThrows(TilewrightException.class, () -> {
                try (ImageReader r = ImageReader.open(file)) {
                    byte[] row = new byte[(int) Math.min(100, r.spec().width())];
                    r.readRegion(0, 0, row.length, 1, row);
                }
            });
            assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void formatsThatCannotHoldTheSizeAreRefusedBeforeAnyWork() {
        Path png = dir.resolve("wide.png");
        TilewrightException e = assertThrows(TilewrightException.class, () -> ImageWriter.open(png,
                ImageSpec.builder(1_000_001, 10, 3, PixelType.UINT8).build()));
        assertTrue(e.getMessage().contains("wide.png: png files hold at most 1000000 pixels a side"),
                e.getMessage());
        // libjpeg's limit is 65500, not the format's 65535, and beyond it libjpeg calls exit():
        // 65501 must be refused by us, 65500 must still work.
        Path jpg = dir.resolve("wide.jpg");
        e = assertThrows(TilewrightException.class, () -> ImageWriter.open(jpg,
                ImageSpec.builder(65_501, 10, 3, PixelType.UINT8).build()));
        assertTrue(e.getMessage().contains("wide.jpg: jpeg files hold at most 65500 pixels a side"), e.getMessage());
        TestPattern.assertFolderHolds(dir);
        Path widest = dir.resolve("widest.jpg");
        try (ImageWriter w = ImageWriter.open(widest, ImageSpec.builder(65_500, 2, 3, PixelType.UINT8).build())) {
            w.writeScanlines(0, 2, new byte[65_500 * 2 * 3]);
            w.finish();
        }
        assertEquals(65_500, ImageReader.readSpec(widest).width());
    }

    /** A 128-byte DDS header declaring 40000 x 40000 uncompressed RGBA: 6.4 GB to decode. */
    static byte[] hugeDdsHeader() {
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'D', 'D', 'S', ' '});
        b.putInt(4, 124).putInt(8, 0x1 | 0x2 | 0x4 | 0x1000).putInt(12, 40000).putInt(16, 40000);
        b.putInt(76, 32).putInt(80, 0x41).putInt(88, 32);
        b.putInt(92, 0xff0000).putInt(96, 0xff00).putInt(100, 0xff).putInt(104, 0xff000000).putInt(108, 0x1000);
        return b.array();
    }

    /** A 74-byte interlaced PNG declaring 64000 x 64000 RGB, which libpng decodes whole. */
    static byte[] hugeInterlacedPng() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(64000).putInt(64000).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 1);
        pngChunk(out, "IHDR", ihdr.array());
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(new byte[1000]);
        deflater.finish();
        byte[] idat = new byte[2000];
        pngChunk(out, "IDAT", java.util.Arrays.copyOf(idat, deflater.deflate(idat)));
        pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void pngChunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void headersThatDeclareMoreThanTheBudgetCanDecodeAreRefusedBeforeAnyWork() throws Exception {
        // Each would have OIIO decode the whole declared image (4.3 to 6.4 GB) for a 100x100 output.
        Path dds = Files.write(dir.resolve("huge.dds"), hugeDdsHeader());
        Path lying = Files.write(dir.resolve("dds-named.png"), hugeDdsHeader());  // OIIO probes every reader
        Path png = Files.write(dir.resolve("interlaced.png"), hugeInterlacedPng());
        for (Path input : List.of(dds, lying, png)) {
            Path out = dir.resolve("out.tif");
            TilewrightException e = assertThrows(TilewrightException.class, () -> StitchJob.plan(out,
                    Layout.placements(List.of(new Placement(input, 0, 0))).withCanvas(0, 0, 100, 100),
                    StitchOptions.defaults()));
            assertEquals(TilewrightException.Kind.LIMIT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(input.getFileName() + ": decoding it holds"), e.getMessage());
            assertTrue(e.getMessage().contains("more than half the memory budget of 268.4 MB"), e.getMessage());
            assertFalse(Files.exists(out));
        }
        // What the reader reports for the PNG: the whole declared image, 64000² RGB.
        assertEquals(12_288_000_000L, ImageReader.readSpec(png).decodeBytes());
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    /** Mounts a tmpfs, or skips the test with the reason when this machine does not allow it. */
    private static void mountTmpfs(String options, Path where) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", where.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (" + out + "); skipped");
    }

    @Test
    void aFullDiskNamesTheCauseAndLeavesTheOldFileAlone() throws Exception {
        assumeTrue(isRoot(), "mounting a small tmpfs needs root; skipped");
        Path disk = Files.createDirectory(dir.resolve("small-disk"));
        mountTmpfs("size=2m", disk);
        try {
            // full.jpg and jpeg-tiles.dzi: libjpeg used to call exit() here, ending the JVM.
            for (String name : List.of("full.tif", "full.png", "described.png", "full.jpg", "full.exr",
                    "full-pyramid.tif", "full.dzi", "jpeg-tiles.dzi")) {
                Path target = disk.resolve(name);
                Files.write(target, "old".getBytes());
                ImageSpec.Builder b = ImageSpec.builder(1500, 1500, 3, name.endsWith(".exr")
                        ? PixelType.FLOAT : PixelType.UINT8);
                WriteOptions options = WriteOptions.defaults();
                if (name.contains("pyramid")) {
                    b.tileSize(64, 64);
                    options = options.withPyramid(Pyramid.automatic());  // temporary levels fill it too
                } else if (name.endsWith(".dzi")) {
                    // a folder of tiles
                    options = options.withDeepZoom(DeepZoom.defaults().withFormat(name.startsWith("jpeg") ? "jpeg" : "png"));
                }
                if (name.equals("described.png")) {
                    // Metadata our PNG writer does not take: OIIO's writes it, and ignores failed writes.
                    b.attribute("ImageDescription", "written by OpenImageIO's own PNG writer");
                }
                ImageSpec spec = b.build();
                WriteOptions writeOptions = options;
                TilewrightException e = assertThrows(TilewrightException.class, () -> {
                    try (ImageWriter w = ImageWriter.open(target, spec, writeOptions)) {
                        Random noise = new Random(1);
                        float[] row = new float[1500 * 3 * 10];
                        for (int y = 0; y < 1500; y += 10) {
                            for (int i = 0; i < row.length; i++) {
                                row[i] = noise.nextFloat();
                            }
                            w.writeScanlines(y, y + 10, row);
                        }
                        w.finish();
                    }
                }, name);
                assertTrue(e.getMessage().contains(name), e.getMessage());
                assertTrue(e.getMessage().toLowerCase().contains("no space left on device"), e.getMessage());
                assertArrayEquals("old".getBytes(), Files.readAllBytes(target));
                assertEquals(List.of(name), TestPattern.filesIn(disk));
                Files.delete(target);
            }
        } finally {
            run("umount", disk.toString());
        }
    }

    @Test
    void aReadOnlyFolderAndAVanishedFolderAreNamed() throws Exception {
        assumeTrue(isRoot(), "mounting a read-only tmpfs needs root; skipped");
        Path ro = Files.createDirectory(dir.resolve("read-only"));
        mountTmpfs("size=1m,ro", ro);
        try {
            Path target = ro.resolve("out.tif");
            TilewrightException e = assertThrows(TilewrightException.class, () -> ImageWriter.open(target,
                    ImageSpec.builder(8, 8, 1, PixelType.UINT8).build()));
            assertTrue(e.getMessage().contains("out.tif: cannot write into"), e.getMessage());
            assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
        } finally {
            run("umount", ro.toString());
        }
        Path folder = Files.createDirectory(dir.resolve("vanishing"));
        Path target = folder.resolve("out.tif");
        TilewrightException e = assertThrows(TilewrightException.class, () -> {
            try (ImageWriter w = ImageWriter.open(target, ImageSpec.builder(8, 8, 1, PixelType.UINT8).build())) {
                w.writeScanlines(0, 4, new byte[32]);
                for (String n : TestPattern.filesIn(folder)) {
                    Files.delete(folder.resolve(n));
                }
                Files.delete(folder);
                w.writeScanlines(4, 8, new byte[32]);
                w.finish();
            }
        });
        assertTrue(e.getMessage().contains("out.tif"), e.getMessage());
        assertTrue(!Files.exists(target));
    }

    private static long openFileDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS");
    }

    /**
     * 10 000 open-write-close cycles and 1 000 failed opens keep descriptors and resident
     * memory flat: at most 4 more descriptors and 40 MB more RSS than after a warm-up of 500.
     */
    @Test
    void thousandsOfCyclesLeakNeitherDescriptorsNorMemory() throws Exception {
        ImageSpec spec = ImageSpec.builder(16, 16, 3, PixelType.UINT8).compression("zip").build();
        byte[] pixels = new byte[16 * 16 * 3];
        Path missing = dir.resolve("missing.png");
        Runnable cycle = () -> {
            Path file = dir.resolve("cycle.png");
            try (ImageWriter w = ImageWriter.open(file, spec)) {
                w.writeScanlines(0, 16, pixels);
                w.finish();
            }
            try (ImageReader r = ImageReader.open(file)) {
                r.readScanlines(0, 16, pixels);
            }
        };
        for (int i = 0; i < 500; i++) {
            cycle.run();
        }
        System.gc();
        long fdBefore = openFileDescriptors();
        long rssBefore = residentKiB();
        for (int i = 0; i < 10_000; i++) {
            cycle.run();
        }
        for (int i = 0; i < 1_000; i++) {
            assertThrows(TilewrightException.class, () -> ImageReader.open(missing));
            assertThrows(TilewrightException.class,
                    () -> ImageWriter.open(dir.resolve("no/such/folder.tif"), spec));
        }
        long fdAfter = openFileDescriptors();
        long rssAfter = residentKiB();
        System.out.printf("descriptors %d -> %d, RSS %d -> %d KiB%n", fdBefore, fdAfter, rssBefore, rssAfter);
        assertTrue(fdAfter - fdBefore <= 4, "descriptors " + fdBefore + " -> " + fdAfter);
        assertTrue(rssAfter - rssBefore <= 40 * 1024, "RSS " + rssBefore + " -> " + rssAfter + " KiB");
    }

    /** Eight writers and stitchers at once, some failing: outputs correct, errors their own. */
    @Test
    void concurrentJobsKeepTheirPixelsAndTheirErrors() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int j = 0; j < 16; j++) {
                int job = j;
                jobs.add(pool.submit(() -> {
                    Path own = dir.resolve("job" + job + ".tif");
                    if (job % 4 == 3) {  // a failing job: a corrupt input to stitch
                        Path broken = dir.resolve("broken" + job + ".png");
                        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
                        TilewrightException e = assertThrows(TilewrightException.class,
                                () -> StitchJob.plan(own, Layout.placements(List.of(new Placement(broken, 0, 0))),
                                        StitchOptions.defaults()));
                        assertTrue(e.getMessage().contains("broken" + job + ".png"), e.getMessage());
                        return null;
                    }
                    TestPattern.Field f = (x, y, c) -> (x * (job + 1) + y + c * 40) & 0xFF;
                    ImageSpec spec = ImageSpec.builder(300, 200, 3, PixelType.UINT8).tileSize(64, 64)
                            .compression("zip").build();
                    try (ImageWriter w = ImageWriter.open(own, spec)) {
                        for (int y = 0; y < 200; y += 25) {
                            TestPattern.writeScanlines(w, y, y + 25,
                                    TestPattern.region(PixelType.UINT8, 3, 0, y, 300, 25, f));
                        }
                        w.finish();
                    }
                    Path stitched = dir.resolve("stitched" + job + ".exr");
                    StitchJob.plan(stitched, Layout.placements(List.of(new Placement(own, 10, 5))),
                            StitchOptions.defaults().withCompression("zip")).run();
                    try (ImageReader r = ImageReader.open(stitched)) {
                        TestPattern.assertRegion(r, PixelType.UINT8, 0, 0, 300, 200,
                                (x, y, c) -> f.value(x, y, c), 0);
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
