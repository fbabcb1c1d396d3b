package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stitch as a Spark job (scripts/spark-stitch.sh: a local cluster whose two executors are
 * JVMs of their own), on a reference image tifffile cut into 300 overlapping tiles: the
 * pyramid BigTIFF and the OME-Zarr store are the single-machine stitch's, byte for byte, and
 * tifffile and python3-zarr read the reference back from them; an executor killed in the middle of a band is replaced and the band redone to the same
 * file; bad inputs are reported with their names under each missing-input policy.
 */
class SparkStitchIT {
    @TempDir
    Path dir;

    /** A 3000 x 2400 16-bit RGB reference, cut into 20 x 15 tiles overlapping by 24 pixels. */
    @BeforeEach
    void tiles() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "y, x = np.mgrid[0:2400, 0:3000]",
                "rng = np.random.default_rng(16)",
                "ref = np.stack([x * 21, y * 27, (x + y) * 9], -1).astype(np.uint16)",
                "ref += rng.integers(0, 512, ref.shape, dtype=np.uint16)",
                "tifffile.imwrite('reference.tif', ref)",
                "rows = ['path,x,y']",
                "for r in range(15):",
                "    for c in range(20):",
                "        x0, y0 = c * 150, r * 160",
                "        tile = ref[y0:y0 + 160 + 24, x0:x0 + 150 + 24]",
                "        tifffile.imwrite(f'tile_{r:02d}_{c:02d}.tif', tile, compression='zlib')",
                "        rows.append(f'tile_{r:02d}_{c:02d}.tif,{x0},{y0}')",
                "open('layout.csv', 'w').write('\\n'.join(rows) + '\\n')")).ok();
    }

    @Test
    void aPyramidBigTiffIsTheSingleMachineFileByteForByte() throws Exception {
        List<String> options = List.of("--tile", "256", "--pyramid", "--bigtiff", "on", "--compression", "zip:5");
        Tools.tilewright(dir, with(List.of("stitch", "layout.csv", "-q", "-o", "single.tif"), options)
                .toArray(String[]::new)).ok();
        Tools.Result spark = spark(Map.of(), with(List.of("layout.csv", "-o", "spark.tif"), options)).ok();
        assertTrue(spark.out().contains("bands:       ") && spark.out().contains("on 2 executor(s)"), spark.out());
        assertArrayEquals(Files.readAllBytes(dir.resolve("single.tif")), Files.readAllBytes(dir.resolve("spark.tif")),
                "the Spark job's file differs from the single-machine stitch's");
        String check = String.join("\n",
                "import numpy as np, tifffile",
                "ref = tifffile.imread('reference.tif')",
                "with tifffile.TiffFile('spark.tif') as t:",
                "    assert t.is_bigtiff",
                "    levels = t.series[0].levels",
                "    assert np.array_equal(levels[0].asarray(), ref), 'level 0 is not the reference'",
                "    half = ref[:2400, :3000].reshape(1200, 2, 1500, 2, 3).astype(np.uint32).sum(axis=(1, 3))",
                "    assert np.array_equal(levels[1].asarray(), ((half + 2) // 4).astype(np.uint16)), 'level 1'",
                "    print(len(levels), [l.shape[:2] for l in levels][-1])");
        assertEquals("5 (150, 188)", Tools.python(dir, check).ok().out().strip());
        assertNoLeftovers();
    }

    @Test
    void anOmeZarrPyramidHoldsTheSingleMachineStoresFilesAndPythonZarrReadsTheReference() throws Exception {
        List<String> options = List.of("--pyramid", "--compression", "zstd", "--pixel-size", "0.5um", "--bands", "5");
        Tools.tilewright(dir, with(List.of("stitch", "layout.csv", "-q", "-o", "single.ome.zarr"), options.subList(0, 5))
                .toArray(String[]::new)).ok();
        Tools.Result spark = spark(Map.of(), with(List.of("layout.csv", "-o", "spark.ome.zarr"), options)).ok();
        assertTrue(spark.out().contains("5 of 512 rows on 2 executor(s), 2 level(s) in each part"), spark.out());
        Path single = dir.resolve("single.ome.zarr"), distributed = dir.resolve("spark.ome.zarr");
        List<String> files;
        try (var walk = Files.walk(single)) {
            files = walk.filter(Files::isRegularFile).map(p -> single.relativize(p).toString()).sorted().toList();
        }
        try (var walk = Files.walk(distributed)) {
            assertEquals(files, walk.filter(Files::isRegularFile).map(p -> distributed.relativize(p).toString()).sorted()
                    .toList(), "the stores hold different files");
        }
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(single.resolve(f)), Files.readAllBytes(distributed.resolve(f)), f);
        }
        String check = String.join("\n",
                "import numpy as np, tifffile, zarr",
                "ref = np.moveaxis(tifffile.imread('reference.tif'), -1, 0)",
                "g = zarr.open_group('spark.ome.zarr', mode='r')",
                "m = g.attrs['multiscales'][0]",
                "assert np.array_equal(g['0'][:], ref), 'level 0 is not the reference'",
                "print(len(m['datasets']), g[m['datasets'][-1]['path']].shape, m['axes'][2]['unit'])");
        assertEquals("5 (3, 150, 188) micrometer", Tools.python(dir, check).ok().out().strip());
        assertNoLeftovers();
    }

    @Test
    void anExecutorKilledMidBandIsReplacedAndTheBandRedoneToTheSameFile() throws Exception {
        List<String> options = List.of("--tile", "256", "--pyramid", "--blend", "feather", "--overlap", "24");
        Tools.tilewright(dir, with(List.of("stitch", "layout.csv", "-q", "-o", "single.tif"), options)
                .toArray(String[]::new)).ok();
        // Band 1's first attempt halts its executor's JVM, as kill -9 would, before its part is in place.
        Tools.Result spark = spark(Map.of("TILEWRIGHT_SPARK_CONF", "--conf spark.tilewright.test.haltFirstAttemptOfBand=1"),
                with(List.of("layout.csv", "-o", "spark.tif"), options)).ok();
        assertTrue(spark.err().contains("Lost executor") || spark.err().contains("ExecutorLostFailure"), spark.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("single.tif")), Files.readAllBytes(dir.resolve("spark.tif")),
                "the retried job's file differs from the single-machine stitch's");
        assertNoLeftovers();
    }

    @Test
    void badInputsAreReportedWithTheirNamesUnderEachPolicy() throws Exception {
        // One tile whose last strip lost its zlib header (its TIFF header and size are whole, so
        // only decoding finds it, in a task), one tile gone (the plan finds it).
        Path damaged = dir.resolve("tile_07_04.tif");
        Tools.python(dir, String.join("\n",
                "import tifffile",
                "with tifffile.TiffFile('tile_07_04.tif') as t:",
                "    last = t.pages[0].dataoffsets[-1]",
                "with open('tile_07_04.tif', 'r+b') as f:",
                "    f.seek(last)",
                "    f.write(b'\\xff' * 16)  # no zlib header: the strip cannot be inflated")).ok();
        Files.writeString(dir.resolve("gone.csv"), Files.readString(dir.resolve("layout.csv")) + "missing.tif,0,0\n");

        Tools.Result fail = spark(Map.of(), List.of("layout.csv", "--tile", "256", "-o", "failed.tif"));
        assertEquals(1, fail.exit(), fail.err());
        assertTrue(fail.err().contains("tilewright: error: " + damaged), fail.err());
        Tools.Result gone = spark(Map.of(), List.of("gone.csv", "--tile", "256", "-o", "failed.tif"));
        assertEquals(1, gone.exit(), gone.err());
        assertTrue(gone.err().contains("missing.tif: no such file"), gone.err());
        assertFalse(Files.exists(dir.resolve("failed.tif")));

        for (String policy : List.of("skip", "fill")) {
            String verb = policy.equals("skip") ? "skipped" : "filled with background";
            Tools.tilewright(dir, "stitch", "gone.csv", "--tile", "256", "--missing", policy, "-q", "-o",
                    policy + "-single.tif").ok();
            Tools.Result r = spark(Map.of(), List.of("gone.csv", "--tile", "256", "--missing", policy, "-o",
                    policy + ".tif")).ok();
            assertTrue(r.out().contains("problem:     " + damaged + ": " + verb + " ("), r.out());
            assertTrue(r.out().contains("problem:     " + dir.resolve("missing.tif") + ": " + verb + " ("), r.out());
            assertEquals(2, r.out().lines().filter(l -> l.startsWith("problem:")).count(), "one line per input\n"
                    + r.out());
            Tools.assertSamePixels(dir, dir.resolve(policy + "-single.tif"), dir.resolve(policy + ".tif"), 0);
        }
        assertNoLeftovers();
    }

    @Test
    void whatCannotBeAssembledIsRefusedBeforeTheClusterStarts() throws Exception {
        Tools.Result exr = spark(Map.of(), List.of("layout.csv", "-o", "out.exr"));
        assertEquals(1, exr.exit(), exr.err());
        assertTrue(exr.err().contains("out.exr: a banded stitch writes one TIFF (.tif, .tiff) or OME-Zarr store"
                + " (.ome.zarr); this output is openexr"), exr.err());
        Tools.Result lzw = spark(Map.of(), List.of("layout.csv", "--compression", "lzw", "-o", "lzw.tif"));
        assertNotEquals(0, lzw.exit());
        assertTrue(lzw.err().contains("a banded stitch writes a tiled TIFF through Tilewright's own encoder"), lzw.err());
        assertFalse(exr.err().contains("spark:") || lzw.err().contains("spark:"), "no Spark process was started");
        assertNoLeftovers();
    }

    private static List<String> with(List<String> first, List<String> more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(more);
        return all;
    }

    /** scripts/spark-stitch.sh with two executors, in the test's folder. */
    private Tools.Result spark(Map<String, String> environment, List<String> args) {
        Path script = Path.of(System.getProperty("tilewright.root", "..")).resolve("scripts/spark-stitch.sh");
        List<String> command = new ArrayList<>(List.of("env"));
        environment.forEach((k, v) -> command.add(k + "=" + v));
        command.addAll(List.of(script.toAbsolutePath().toString(), "--executors", "2"));
        command.addAll(args);
        return Tools.run(dir, command.toArray(String[]::new));
    }

    private void assertNoLeftovers() throws Exception {
        try (var files = Files.list(dir)) {
            List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tw-")).toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        }
    }
}
