package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OME-Zarr outputs, read by a reader nobody here wrote — Debian's python3-zarr — against
 * Tilewright's own TIFF of the same job, level by level; the OME-NGFF 0.4 metadata checked
 * field by field against what the specification requires; the folder appears only complete.
 */
class OmeZarrIT {
    @TempDir
    Path dir;

    /** Two 4-channel 16-bit "fluorescence" fields, by tifffile. */
    @BeforeEach
    void fields() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "rng = np.random.default_rng(21)",
                "for k in range(2):",
                "    a = rng.integers(0, 50000, size=(900, 700, 4), dtype=np.uint16)",
                "    a[:, :, 2] //= 5",
                "    tifffile.imwrite(f'f{k}.tif', a, photometric='minisblack', planarconfig='contig',",
                "                     extrasamples=['unspecified'] * 3)")).ok();
    }

    @Test
    void everyLevelEqualsTheTiffOfTheSameJobAndTheMetadataIsNgff04() {
        for (String out : List.of("cells.ome.zarr", "cells.tif")) {
            Tools.tilewright(dir, "montage", "--grid", "2x1", "--pyramid", "--channel-names", "DAPI,GFP,mCherry,Cy5",
                    "--pixel-size", "0.325um", "-o", out, "f0.tif", "f1.tif").ok();
        }
        String check = String.join("\n",
                "import json, numpy as np, tifffile, zarr",
                "g = zarr.open_group('cells.ome.zarr', mode='r')",
                "ms = g.attrs['multiscales']",
                "assert isinstance(ms, list) and len(ms) == 1",
                "m = ms[0]",
                "assert m['version'] == '0.4', m['version']",
                "axes = m['axes']",
                "assert [a['name'] for a in axes] == ['c', 'y', 'x'], axes",
                "assert [a['type'] for a in axes] == ['channel', 'space', 'space'], axes",
                "assert axes[1]['unit'] == axes[2]['unit'] == 'micrometer', axes",
                "with tifffile.TiffFile('cells.tif') as t:",
                "    tiff = [np.moveaxis(l.asarray(), -1, 0) for l in t.series[0].levels]",
                "assert len(m['datasets']) == len(tiff), (len(m['datasets']), len(tiff))",
                "for k, d in enumerate(m['datasets']):",
                "    t = d['coordinateTransformations']",
                "    assert len(t) == 1 and t[0]['type'] == 'scale' and len(t[0]['scale']) == 3, t",
                "    assert t[0]['scale'] == [1.0, 0.325 * 2 ** k, 0.325 * 2 ** k], t",
                "    a = g[d['path']]",
                "    assert a.chunks == (1, 256, 256) and a.dtype == np.uint16, (a.chunks, a.dtype)",
                "    assert np.array_equal(a[:], tiff[k]), 'level %d differs from the TIFF' % k",
                "assert [c['label'] for c in g.attrs['omero']['channels']] == ['DAPI', 'GFP', 'mCherry', 'Cy5']",
                "z = json.load(open('cells.ome.zarr/0/.zarray'))",
                "assert z['zarr_format'] == 2 and z['dimension_separator'] == '/' and z['compressor']['id'] == 'zlib', z",
                "assert json.load(open('cells.ome.zarr/.zgroup')) == {'zarr_format': 2}",
                "print(len(tiff), [d['path'] for d in m['datasets']])");
        assertEquals("4 ['0', '1', '2', '3']", Tools.python(dir, check).ok().out().strip());
        String info = Tools.tilewright(dir, "info", "cells.ome.zarr").ok().out();
        assertTrue(info.contains("1400 x 900, 4 channel(s) uint16, OME-Zarr (NGFF 0.4, Zarr v2): 4 level(s)"), info);
    }

    @Test
    void anRgbImageWithoutPyramidIsOneLevel() {
        Tools.tilewright(dir, "generate", "gradient", "--size", "1000x700", "-o", "g.ome.zarr").ok();
        Tools.tilewright(dir, "generate", "gradient", "--size", "1000x700", "-o", "g.tif").ok();
        String check = String.join("\n",
                "import numpy as np, tifffile, zarr",
                "g = zarr.open_group('g.ome.zarr', mode='r')",
                "assert [d['path'] for d in g.attrs['multiscales'][0]['datasets']] == ['0']",
                "a = g['0'][:]",
                "assert np.array_equal(a, np.moveaxis(tifffile.imread('g.tif'), -1, 0))",
                "print(a.shape, a.dtype)");
        assertEquals("(3, 700, 1000) uint8", Tools.python(dir, check).ok().out().strip());
    }

    @Test
    void theFolderAppearsOnlyCompleteAndIsNotClobbered() throws Exception {
        // Stopped half-way (SIGTERM once chunks are being written): nothing of it is left.
        String jar = Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString();
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar, "generate", "noise", "--size", "12000x12000", "--threads", "1", "-q", "-o", "stopped.ome.zarr")
                .directory(dir.toFile()).redirectErrorStream(true);
        b.environment().remove("LD_PRELOAD");
        Process p = b.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline && !chunksBeingWritten()) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the job ended before it could be stopped");
        p.destroy();  // SIGTERM
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".ome.zarr")), "nothing of it is left");
        }
        Tools.tilewright(dir, "generate", "gradient", "--size", "300x200", "-o", "g.ome.zarr").ok();
        Tools.Result again = Tools.tilewright(dir, "generate", "gradient", "--size", "500x200", "-o", "g.ome.zarr");
        assertNotEquals(0, again.exit());
        assertTrue(again.err().contains("exists; use --overwrite"), again.err());
        Tools.tilewright(dir, "generate", "gradient", "--size", "500x200", "--overwrite", "-o", "g.ome.zarr").ok();
        String shape = Tools.python(dir, "import zarr\nprint(zarr.open_group('g.ome.zarr', mode='r')['0'].shape)").ok()
                .out().strip();
        assertEquals("(3, 200, 500)", shape);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tw-")), "no leftovers");
        }
    }

    /** Whether the stopped job's temporary folder holds a row of chunks yet. */
    private boolean chunksBeingWritten() throws Exception {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().contains(".tw-partial-")
                    && Files.exists(f.resolve("0").resolve("0").resolve("0")));
        }
    }
}
